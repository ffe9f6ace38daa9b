/// Decides an upload's type from its first bytes (magic numbers), like `file(1)` but only for what a chat media
/// server handles. Give it at least the first 512 bytes when the upload is that long.
public enum ContentSniffer {
    /// How many leading bytes `sniff` looks at.
    public static let prefixLength = 4096

    public static func sniff(_ bytes: [UInt8]) -> SniffedType {
        let head = Array(bytes.prefix(prefixLength))
        if let binary = binaryType(head) { return binary }
        return textType(head) ?? .octetStream
    }

    private static func binaryType(_ head: [UInt8]) -> SniffedType? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<(offset + magic.count)]) == magic
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }

        if starts([0xFF, 0xD8, 0xFF]) { return SniffedType(.image, "image/jpeg") }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return SniffedType(.image, "image/png") }
        if ascii("GIF87a") || ascii("GIF89a") { return SniffedType(.image, "image/gif") }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return SniffedType(.image, "image/webp") }
        if ascii("RIFF") && ascii("WAVE", at: 8) { return SniffedType(.audio, "audio/wav") }
        if ascii("RIFF") && ascii("AVI ", at: 8) { return SniffedType(.video, "video/x-msvideo") }
        if ascii("ftyp", at: 4), head.count >= 12 {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            switch brand {
            case "avif", "avis": return SniffedType(.image, "image/avif")
            case "heic", "heix", "mif1", "msf1": return SniffedType(.image, "image/heic")
            case "M4A ", "M4B ": return SniffedType(.audio, "audio/mp4")
            case "qt  ": return SniffedType(.video, "video/quicktime")
            default: return SniffedType(.video, "video/mp4")
            }
        }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) {
            return contains(head, "webm") ? SniffedType(.video, "video/webm") : SniffedType(.video, "video/x-matroska")
        }
        if ascii("OggS") {
            return contains(head, "theora") ? SniffedType(.video, "video/ogg") : SniffedType(.audio, "audio/ogg")
        }
        if ascii("fLaC") { return SniffedType(.audio, "audio/flac") }
        if ascii("ID3") { return SniffedType(.audio, "audio/mpeg") }
        if head.count >= 2, head[0] == 0xFF {
            switch head[1] & 0xF6 {
            case 0xF0: return SniffedType(.audio, "audio/aac")  // ADTS (layer bits 00)
            case 0xF2, 0xF4, 0xE2, 0xE4: return SniffedType(.audio, "audio/mpeg")  // MPEG audio layer III/II
            default: break
            }
        }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            return SniffedType(.image, "image/tiff")
        }
        if ascii("%PDF-") { return SniffedType(.file, "application/pdf") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return SniffedType(.file, "application/zip") }
        if ascii("BM") && head.count >= 26 { return SniffedType(.file, "image/bmp") }
        return nil
    }

    /// UTF-8 (or ASCII) text without NUL bytes; markup that a browser would render is named as such.
    private static func textType(_ head: [UInt8]) -> SniffedType? {
        guard !head.isEmpty, !head.contains(0), isMostlyValidUTF8(head) else { return nil }
        var text = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let start = text.drop(while: { $0.isWhitespace })
        if start.hasPrefix("<svg") || (start.hasPrefix("<?xml") && text.contains("<svg")) {
            return SniffedType(.file, "image/svg+xml")
        }
        for marker in ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<title", "<style"]
        where start.hasPrefix(marker) {
            return SniffedType(.text, "text/html")
        }
        if start.hasPrefix("<?xml") { return SniffedType(.text, "application/xml") }
        return SniffedType(.text, "text/plain; charset=utf-8")
    }

    /// Valid UTF-8 except perhaps a sequence cut off by the end of the prefix.
    private static func isMostlyValidUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length =
                byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0 else { return false }
            if byte < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(byte) { return false }
            for offset in 1..<length {
                guard index + offset < bytes.count else { return true }
                guard bytes[index + offset] >> 6 == 0b10 else { return false }
            }
            index += length
        }
        return true
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }
}
