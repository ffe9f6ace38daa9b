import Crypto
import Foundation

/// One file of the client as it is served: its bytes in each encoding worth storing, its type and its validator.
struct WebAsset: Sendable {
    let contentType: String
    let identity: [UInt8]
    let gzip: [UInt8]?
    let brotli: [UInt8]?
    /// A strong validator over the bytes, quoted as `ETag` wants it.
    let etag: String

    init(bytes: [UInt8], contentType: String) {
        self.contentType = contentType
        identity = bytes
        let compressible =
            contentType.hasPrefix("text/") || contentType.contains("javascript")
            || contentType.contains("json") || contentType.contains("svg") || contentType.contains("manifest")
        gzip = compressible ? Precompression.gzip(bytes) : nil
        brotli = compressible ? Precompression.brotli(bytes) : nil
        etag = "\"" + Self.digest(of: bytes) + "\""
    }

    /// The bytes and the `Content-Encoding` to answer a request that accepts `acceptEncoding`: Brotli, then gzip,
    /// then the file as it is.
    func body(forAcceptEncoding acceptEncoding: String?) -> (bytes: [UInt8], encoding: String?) {
        let accepted = AcceptedEncodings(acceptEncoding ?? "")
        if let brotli, accepted.allows("br") { return (brotli, "br") }
        if let gzip, accepted.allows("gzip") { return (gzip, "gzip") }
        return (identity, nil)
    }

    /// A short URL-safe digest of `bytes`: 12 bytes of their SHA-256 in base64url.
    static func digest(of bytes: [UInt8]) -> String {
        Data(SHA256.hash(data: bytes).prefix(12)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// The `Content-Type` of a file by its extension.
    static func contentType(forPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return switch ext {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "webmanifest": "application/manifest+json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "txt", "md": "text/plain; charset=utf-8"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }
}

/// The codings an `Accept-Encoding` header admits: named ones with a non-zero quality, `*` for the rest.
struct AcceptedEncodings {
    private var qualities: [String: Double] = [:]

    init(_ header: String) {
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            qualities[name] = quality
        }
    }

    func allows(_ coding: String) -> Bool {
        if let quality = qualities[coding] { return quality > 0 }
        if let quality = qualities["*"] { return quality > 0 }
        return false
    }
}
