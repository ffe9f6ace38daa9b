import Foundation

/// Decides a page's character encoding as browsers do, in this order: a byte-order mark, the `charset` of the
/// `Content-Type` header, a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 1024 bytes, then
/// UTF-8 when the bytes are valid UTF-8 and windows-1252 otherwise. Names are WHATWG labels (`latin1` and
/// `iso-8859-1` mean windows-1252).
enum CharsetSniffer {
    static func encoding(of bytes: [UInt8], headerCharset: String?) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if let label = headerCharset.flatMap(normalised) { return label }
        if let label = metaCharset(Array(bytes.prefix(1024))).flatMap(normalised) { return label }
        return String(validating: bytes.prefix(64 * 1024).dropLast(4), as: UTF8.self) != nil ? "UTF-8" : "windows-1252"
    }

    static func normalised(_ label: String) -> String? {
        let name = label.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n\"'")).lowercased()
        guard !name.isEmpty, name.count < 40, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) })
        else { return nil }
        switch name {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "UTF-8"
        // A page cannot declare itself UTF-16 from inside: the bytes read so far were ASCII-compatible.
        case "utf-16", "utf-16le", "utf-16be": return "UTF-8"
        case "latin1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii", "cp1252", "windows-1252", "x-cp1252":
            return "windows-1252"
        case "cp1251", "windows-1251", "x-cp1251": return "windows-1251"
        case "sjis", "shift_jis", "x-sjis", "ms_kanji", "windows-31j": return "Shift_JIS"
        case "gb2312", "gbk", "x-gbk", "chinese": return "GBK"
        default: return name
        }
    }

    /// The HTML prescan, simplified: each `<meta` tag in `head` is read up to its `>` and searched for `charset=`.
    static func metaCharset(_ head: [UInt8]) -> String? {
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        var index = 0
        while let start = find(Array("<meta".utf8), in: lower, from: index) {
            let end = lower[start...].firstIndex(of: UInt8(ascii: ">")) ?? lower.count
            let tag = Array(lower[start..<end])
            if let at = find(Array("charset".utf8), in: tag, from: 0) {
                var cursor = at + 7
                while cursor < tag.count, tag[cursor] == 0x20 { cursor += 1 }
                if cursor < tag.count, tag[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < tag.count, [0x20, 0x22, 0x27].contains(tag[cursor]) { cursor += 1 }
                    let valueEnd =
                        tag[cursor...].firstIndex { [0x20, 0x22, 0x27, 0x3B, 0x2F, 0x3E].contains($0) } ?? tag.count
                    let value = String(decoding: tag[cursor..<valueEnd], as: UTF8.self)
                    if !value.isEmpty { return value }
                }
            }
            index = end
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}
