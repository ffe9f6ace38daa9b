/// IPv4 spellings that `inet_aton` and browsers accept besides the dotted quad: one to four parts, each decimal,
/// octal (leading 0) or hexadecimal (0x), the last part filling the remaining bytes (`127.1`, `0x7f.1`,
/// `2130706433`, `0177.0.0.01`).
enum LegacyIPv4 {
    static func parse(_ host: String) -> UInt32? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = number(part) else { return nil }
            values.append(value)
        }
        var result: UInt64 = 0
        for (index, value) in values.dropLast().enumerated() {
            guard value <= 0xFF else { return nil }
            result |= value << UInt64(24 - 8 * index)
        }
        let lastBits = UInt64(8 * (5 - values.count))
        guard let last = values.last, last < (1 << lastBits) else { return nil }
        return UInt32(result | last)
    }

    /// A host whose last label is a number is meant as an address (WHATWG URL): if it does not parse as one, it is
    /// refused rather than looked up as a name.
    static func looksNumeric(_ host: String) -> Bool {
        guard let last = host.split(separator: ".").last else { return false }
        return number(last) != nil || last.allSatisfy(\.isNumber)
    }

    private static func number(_ part: Substring) -> UInt64? {
        guard !part.isEmpty else { return nil }
        if part.hasPrefix("0x") {
            let digits = part.dropFirst(2)
            return digits.isEmpty ? 0 : digits.count <= 16 ? UInt64(digits, radix: 16) : nil
        }
        if part.count > 1, part.hasPrefix("0") {
            return part.count <= 22 ? UInt64(part.dropFirst(), radix: 8) : nil
        }
        return part.count <= 20 ? UInt64(part, radix: 10) : nil
    }
}
