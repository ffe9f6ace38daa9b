/// A JSON document as a small tree, for `ParameterDecoder`: numbers keep their text, so each is read only as the
/// type the decoder asks for. Parsing is strict (RFC 8259: no trailing commas, no control characters in strings,
/// valid UTF-8, nothing after the value) and bounded in depth.
indirect enum ParsedJSON: Sendable {
    case object([(key: String, value: ParsedJSON)])
    case array([ParsedJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    struct Malformed: Error {}

    static let maximumDepth = 64

    static func parse(_ bytes: [UInt8]) throws(Malformed) -> ParsedJSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw Malformed() }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x0A, 0x0D, 0x09: offset += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(Malformed) -> ParsedJSON {
            guard depth < ParsedJSON.maximumDepth else { throw Malformed() }
            skipWhitespace()
            guard offset < bytes.count else { throw Malformed() }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return .number(try number())
            }
        }

        mutating func object(depth: Int) throws(Malformed) -> ParsedJSON {
            offset += 1
            var fields: [(key: String, value: ParsedJSON)] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(fields)
            }
            while true {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try string()
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw Malformed() }
                offset += 1
                fields.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard offset < bytes.count else { throw Malformed() }
                offset += 1
                switch bytes[offset - 1] {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return .object(fields)
                default: throw Malformed()
                }
            }
        }

        mutating func array(depth: Int) throws(Malformed) -> ParsedJSON {
            offset += 1
            var elements: [ParsedJSON] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard offset < bytes.count else { throw Malformed() }
                offset += 1
                switch bytes[offset - 1] {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "]"): return .array(elements)
                default: throw Malformed()
                }
            }
        }

        mutating func literal(_ word: StaticString, _ value: ParsedJSON) throws(Malformed) -> ParsedJSON {
            let count = word.utf8CodeUnitCount
            guard offset + count <= bytes.count else { throw Malformed() }
            for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { throw Malformed() }
            offset += count
            return value
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as its text.
        mutating func number() throws(Malformed) -> String {
            let start = offset
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw Malformed() }
            if bytes[offset] == UInt8(ascii: "0") { offset += 1 } else { skipDigits() }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                guard offset < bytes.count, isDigit(bytes[offset]) else { throw Malformed() }
                skipDigits()
            }
            if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                    offset += 1
                }
                guard offset < bytes.count, isDigit(bytes[offset]) else { throw Malformed() }
                skipDigits()
            }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func skipDigits() {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }

        /// A string at `offset` (its opening quote), escapes resolved.
        mutating func string() throws(Malformed) -> String {
            offset += 1
            let start = offset
            // The common case: no escapes, taken as it lies.
            while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\") {
                guard bytes[offset] >= 0x20 else { throw Malformed() }
                offset += 1
            }
            guard offset < bytes.count else { throw Malformed() }
            var utf8 = Array(bytes[start..<offset])
            while bytes[offset] == UInt8(ascii: "\\") {
                offset += 1
                guard offset < bytes.count else { throw Malformed() }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8 += try unicodeEscape()
                default: throw Malformed()
                }
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\") {
                    guard bytes[offset] >= 0x20 else { throw Malformed() }
                    utf8.append(bytes[offset])
                    offset += 1
                }
                guard offset < bytes.count else { throw Malformed() }
            }
            offset += 1
            guard let string = String(validating: utf8, as: UTF8.self) else { throw Malformed() }
            return string
        }

        /// The UTF-8 of `\uXXXX` (after the `u`), or of a surrogate pair written as two of them.
        mutating func unicodeEscape() throws(Malformed) -> [UInt8] {
            let first = try hex4()
            var scalar: Unicode.Scalar?
            if (0xD800...0xDBFF).contains(first) {
                guard offset + 2 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else { throw Malformed() }
                offset += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw Malformed() }
                scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            } else {
                scalar = Unicode.Scalar(first)
            }
            guard let scalar else { throw Malformed() }
            return Array(String(Character(scalar)).utf8)
        }

        mutating func hex4() throws(Malformed) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            var value: UInt32 = 0
            for byte in bytes[offset..<(offset + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Malformed()
                }
                value = value << 4 | UInt32(digit)
            }
            offset += 4
            return value
        }
    }
}
