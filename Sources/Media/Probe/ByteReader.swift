/// Bounds-checked reads of integers and tags from a byte prefix; every read past the end is nil.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    func ascii(_ offset: Int, _ length: Int) -> String? {
        guard offset >= 0, offset + length <= bytes.count else { return nil }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    func uint16BE(_ offset: Int) -> UInt16? {
        guard let high = byte(offset), let low = byte(offset + 1) else { return nil }
        return UInt16(high) << 8 | UInt16(low)
    }

    func uint16LE(_ offset: Int) -> UInt16? {
        guard let low = byte(offset), let high = byte(offset + 1) else { return nil }
        return UInt16(high) << 8 | UInt16(low)
    }

    func uint24LE(_ offset: Int) -> UInt32? {
        guard let low = uint16LE(offset), let high = byte(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func uint32BE(_ offset: Int) -> UInt32? {
        guard let high = uint16BE(offset), let low = uint16BE(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func uint32LE(_ offset: Int) -> UInt32? {
        guard let low = uint16LE(offset), let high = uint16LE(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func uint32(_ offset: Int, little: Bool) -> UInt32? { little ? uint32LE(offset) : uint32BE(offset) }
    func uint16(_ offset: Int, little: Bool) -> UInt16? { little ? uint16LE(offset) : uint16BE(offset) }

    /// The offset of the first occurrence of `text` at or after `start`.
    func find(_ text: String, from start: Int) -> Int? {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return (max(0, start)...(bytes.count - needle.count)).first { offset in
            bytes[offset] == needle[0] && Array(bytes[offset..<(offset + needle.count)]) == needle
        }
    }

    /// Skips GIF data sub-blocks (length byte, data, …, zero) from `offset`; the offset after the terminator.
    func skipSubBlocks(_ offset: Int) -> Int? {
        var position = offset
        while let length = byte(position) {
            if length == 0 { return position + 1 }
            position += 1 + Int(length)
        }
        return nil
    }

    /// The (tag, value) pairs of a TIFF IFD whose values are one SHORT or LONG (held in the entry itself).
    func ifdEntries(at offset: Int, little: Bool) -> [(Int, Int)] {
        guard let count = uint16(offset, little: little) else { return [] }
        var entries: [(Int, Int)] = []
        for index in 0..<min(Int(count), 256) {
            let entry = offset + 2 + index * 12
            guard let tag = uint16(entry, little: little), let type = uint16(entry + 2, little: little) else { break }
            let value: Int?
            switch type {
            case 3: value = uint16(entry + 8, little: little).map(Int.init)
            case 4: value = uint32(entry + 8, little: little).map(Int.init)
            default: value = nil
            }
            if let value { entries.append((Int(tag), value)) }
        }
        return entries
    }
}
