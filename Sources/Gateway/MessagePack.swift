import ChatAPI

/// MessagePack, as much as Bonfire's `format=msgpack` needs: maps with string keys, arrays, strings, integers,
/// floats, booleans and nil, to and from `JSONValue`. Decoding is bounded (nesting, lengths within the frame), so a
/// hostile frame costs no more than its size.
enum MessagePack {
    struct Malformed: Error, Equatable {
        var reason: String
    }

    static func encode(_ value: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8], maxDepth: Int = 32) throws(Malformed) -> JSONValue {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth)
        let value = try reader.value(depth: 0)
        guard reader.offset == bytes.count else { throw Malformed(reason: "bytes after the value") }
        return value
    }

    private static func append(_ value: JSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(0xc0)
        case .bool(let flag): bytes.append(flag ? 0xc3 : 0xc2)
        case .int(let number): appendInteger(number, to: &bytes)
        case .double(let number):
            bytes.append(0xcb)
            appendBigEndian(number.bitPattern, to: &bytes)
        case .string(let text):
            let utf8 = Array(text.utf8)
            appendHeader(utf8.count, fix: 0xa0, fixLimit: 32, eight: 0xd9, sixteen: 0xda, thirtyTwo: 0xdb, to: &bytes)
            bytes += utf8
        case .array(let items):
            appendHeader(items.count, fix: 0x90, fixLimit: 16, eight: nil, sixteen: 0xdc, thirtyTwo: 0xdd, to: &bytes)
            for item in items { append(item, to: &bytes) }
        case .object(let members):
            appendHeader(members.count, fix: 0x80, fixLimit: 16, eight: nil, sixteen: 0xde, thirtyTwo: 0xdf, to: &bytes)
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                append(.string(key), to: &bytes)
                append(member, to: &bytes)
            }
        }
    }

    private static func appendInteger(_ number: Int64, to bytes: inout [UInt8]) {
        switch number {
        case 0...0x7f: bytes.append(UInt8(number))
        case -32..<0: bytes.append(UInt8(bitPattern: Int8(number)))
        case 0...Int64(UInt8.max):
            bytes.append(0xcc)
            bytes.append(UInt8(number))
        case 0...Int64(UInt16.max):
            bytes.append(0xcd)
            appendBigEndian(UInt16(number), to: &bytes)
        case 0...Int64(UInt32.max):
            bytes.append(0xce)
            appendBigEndian(UInt32(number), to: &bytes)
        case 0...:
            bytes.append(0xcf)
            appendBigEndian(UInt64(number), to: &bytes)
        case Int64(Int8.min)...:
            bytes.append(0xd0)
            bytes.append(UInt8(bitPattern: Int8(number)))
        case Int64(Int16.min)...:
            bytes.append(0xd1)
            appendBigEndian(UInt16(bitPattern: Int16(number)), to: &bytes)
        case Int64(Int32.min)...:
            bytes.append(0xd2)
            appendBigEndian(UInt32(bitPattern: Int32(number)), to: &bytes)
        default:
            bytes.append(0xd3)
            appendBigEndian(UInt64(bitPattern: number), to: &bytes)
        }
    }

    private static func appendHeader(
        _ count: Int, fix: UInt8, fixLimit: Int, eight: UInt8?, sixteen: UInt8, thirtyTwo: UInt8,
        to bytes: inout [UInt8]
    ) {
        if count < fixLimit {
            bytes.append(fix | UInt8(count))
        } else if let eight, count <= Int(UInt8.max) {
            bytes.append(eight)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(sixteen)
            appendBigEndian(UInt16(count), to: &bytes)
        } else {
            bytes.append(thirtyTwo)
            appendBigEndian(UInt32(count), to: &bytes)
        }
    }

    private static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }

    private struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int
        var offset = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func take(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else { throw Malformed(reason: "truncated") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws(Malformed) -> T {
            try take(MemoryLayout<T>.size).reduce(T.zero) { $0 << 8 | T(truncatingIfNeeded: $1) }
        }

        mutating func string(_ count: Int) throws(Malformed) -> JSONValue {
            .string(String(decoding: try take(count), as: UTF8.self))
        }

        mutating func value(depth: Int) throws(Malformed) -> JSONValue {
            guard depth <= maxDepth else { throw Malformed(reason: "nested too deeply") }
            let tag = try take(1).first!
            switch tag {
            case 0x00...0x7f: return .int(Int64(tag))
            case 0xe0...0xff: return .int(Int64(Int8(bitPattern: tag)))
            case 0xa0...0xbf: return try string(Int(tag & 0x1f))
            case 0x90...0x9f: return try array(Int(tag & 0x0f), depth: depth)
            case 0x80...0x8f: return try map(Int(tag & 0x0f), depth: depth)
            case 0xc0: return .null
            case 0xc2: return .bool(false)
            case 0xc3: return .bool(true)
            case 0xcc: return .int(Int64(try integer(UInt8.self)))
            case 0xcd: return .int(Int64(try integer(UInt16.self)))
            case 0xce: return .int(Int64(try integer(UInt32.self)))
            case 0xcf:
                let value = try integer(UInt64.self)
                guard value <= UInt64(Int64.max) else { throw Malformed(reason: "integer too large") }
                return .int(Int64(value))
            case 0xd0: return .int(Int64(try integer(Int8.self)))
            case 0xd1: return .int(Int64(try integer(Int16.self)))
            case 0xd2: return .int(Int64(try integer(Int32.self)))
            case 0xd3: return .int(try integer(Int64.self))
            case 0xca: return .double(Double(Float(bitPattern: try integer(UInt32.self))))
            case 0xcb: return .double(Double(bitPattern: try integer(UInt64.self)))
            case 0xd9, 0xc4: return try string(Int(try integer(UInt8.self)))
            case 0xda, 0xc5: return try string(Int(try integer(UInt16.self)))
            case 0xdb, 0xc6: return try string(Int(try integer(UInt32.self)))
            case 0xdc: return try array(Int(try integer(UInt16.self)), depth: depth)
            case 0xdd: return try array(Int(try integer(UInt32.self)), depth: depth)
            case 0xde: return try map(Int(try integer(UInt16.self)), depth: depth)
            case 0xdf: return try map(Int(try integer(UInt32.self)), depth: depth)
            default: throw Malformed(reason: "unsupported type 0x\(String(tag, radix: 16))")
            }
        }

        mutating func array(_ count: Int, depth: Int) throws(Malformed) -> JSONValue {
            // Every element takes at least a byte: a count beyond what is left is a lie, refused before allocating.
            guard count <= bytes.count - offset else { throw Malformed(reason: "truncated") }
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try value(depth: depth + 1)) }
            return .array(items)
        }

        mutating func map(_ count: Int, depth: Int) throws(Malformed) -> JSONValue {
            guard count * 2 <= bytes.count - offset else { throw Malformed(reason: "truncated") }
            var members: [String: JSONValue] = [:]
            for _ in 0..<count {
                guard case .string(let key) = try value(depth: depth + 1) else {
                    throw Malformed(reason: "a map key that is not a string")
                }
                members[key] = try value(depth: depth + 1)
            }
            return .object(members)
        }
    }
}
