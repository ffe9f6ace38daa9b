import Foundation
import HTTPSupport

/// How a stored file is presented to browsers: which types must never render inline, which cache lifetime applies,
/// and the headers every download carries so an uploaded page can never run in the service's origin.
enum DownloadPolicy {
    /// Content for ever (an id's bytes never change).
    static let immutable = "public, max-age=31536000, immutable"
    /// A stand-in served while the real preview is being made.
    static let provisional = "public, max-age=60"
    static let securityHeaders: [(name: String, value: String)] =
        SecurityHeaders.untrustedContent + [("Cross-Origin-Resource-Policy", "cross-origin")]

    /// Types a browser could execute or render as a document (HTML, SVG, XML, JavaScript): always downloaded.
    static func isActive(_ contentType: String) -> Bool {
        let type =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
        return type.contains("html") || type.contains("xml") || type.contains("javascript")
            || type.contains("ecmascript") || type == "text/css" || type == "application/pdf"
    }

    /// A file name as one percent-encoded URL path segment.
    static func pathSegment(_ filename: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? "file"
    }
}
