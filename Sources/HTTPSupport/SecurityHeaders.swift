import HTTPTypes

/// Headers for bytes that came from users or from the internet: never sniffed into another type, never run as a
/// page if a browser opens them directly.
public enum SecurityHeaders {
    public static let untrustedContent: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; sandbox"),
    ]

    public static func apply(to headers: inout HTTPFields) {
        for (name, value) in untrustedContent {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
    }
}
