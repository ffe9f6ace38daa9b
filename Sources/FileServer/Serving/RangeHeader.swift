import Foundation
import Storage

/// Parses an HTTP `Range` request header (RFC 9110 §14.2) into the one byte range the file server serves. Several
/// ranges, other units and malformed values are answered with the whole file (as the RFC allows a server to
/// ignore the header); a range that starts past the end is left for the store to refuse with 416.
public enum RangeHeader {
    public static func parse(_ value: String?) -> BlobRange? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), value.lowercased().hasPrefix("bytes=") else {
            return nil
        }
        let spec = value.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), first.count <= 18, last.count <= 18
        else { return nil }
        switch (Int64(first), Int64(last)) {
        case (let start?, let end?): return start <= end ? .bytes(start...end) : nil
        case (let start?, nil): return .from(start)
        case (nil, let length?): return length > 0 ? .suffix(length) : nil
        case (nil, nil): return nil
        }
    }

    /// The `Content-Range` of a partial answer, and of a 416 (`bytes */SIZE`).
    public static func contentRange(_ range: ClosedRange<Int64>?, size: Int64) -> String {
        guard let range else { return "bytes */\(size)" }
        return "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
    }
}

/// Strong entity tags from the content hash, and `If-None-Match` checks against them.
public enum EntityTag {
    /// The quoted strong tag of an object (or of one of its variants).
    public static func make(hash: String, variant: String? = nil) -> String {
        "\"\(hash)\(variant.map { "-\($0)" } ?? "")\""
    }

    /// Whether `If-None-Match` names this tag (or `*`), so the answer is 304. Weak tags match by their opaque part
    /// (RFC 9110 §13.1.2 uses the weak comparison here).
    public static func matches(ifNoneMatch header: String?, tag: String) -> Bool {
        guard let header else { return false }
        for candidate in header.split(separator: ",") {
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value == tag { return true }
        }
        return false
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
