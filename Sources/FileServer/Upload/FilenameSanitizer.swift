import Foundation

/// Makes a client's file name safe to store, show and send back: the last path component only, without control
/// characters (NUL included) or bidirectional overrides (which make `exe.txt` look like `txt.exe`), trimmed, and
/// at most 128 characters with the extension kept. An empty result becomes `file`.
public enum FilenameSanitizer {
    public static let maximumLength = 128

    public static func sanitize(_ name: String) -> String {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter(isAllowed)))
        cleaned = cleaned.trimmingCharacters(in: .whitespaces)
        while cleaned.hasSuffix(".") || cleaned.hasSuffix(" ") { cleaned.removeLast() }
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { return "file" }
        guard cleaned.count > maximumLength else { return cleaned }
        let dot = cleaned.lastIndex(of: ".")
        let suffix = dot.map { String(cleaned[$0...]) } ?? ""
        let keptSuffix = suffix.count <= 16 ? suffix : ""
        return String(cleaned.prefix(maximumLength - keptSuffix.count)) + keptSuffix
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: false  // C0 and C1 controls, DEL
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: false  // bidirectional marks and overrides
        case 0xFEFF, 0xFFF9...0xFFFB: false
        default: true
        }
    }
}
