import Foundation

/// An absolute http(s) URL taken apart and normalised for checking: scheme, normalised host, port, and the
/// request target. Userinfo is refused outright (`http://good.com@evil/`), so what is checked is what is reached.
public struct FetchURL: Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: FetchHost
    public let port: Int
    /// Path and query, percent-encoded, never empty (`/` at least); the fragment is dropped.
    public let target: String

    public var isTLS: Bool { scheme == "https" }
    public var defaultPort: Int { isTLS ? 443 : 80 }

    /// The URL as fetched: normalised host, port only when not the scheme's default.
    public var description: String {
        "\(scheme)://\(authority)\(target)"
    }

    /// `host[:port]`, as sent in the `Host` header.
    public var authority: String {
        port == defaultPort ? host.description : "\(host):\(port)"
    }

    public init(parsing text: String) throws(SafeFetchError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = trimmed.firstIndex(of: ":") else { throw .invalidURL("not an absolute URL") }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .blocked("only http and https URLs are fetched") }
        var rest = trimmed[trimmed.index(after: colon)...]
        // Browsers treat `http:\\host` and `http:host` like `http://host`; so do we, then check it like any other.
        while let first = rest.first, first == "/" || first == "\\" { rest.removeFirst() }
        let authorityEnd = rest.firstIndex { "/?#\\".contains($0) } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        var remainder = String(rest[authorityEnd...])
        guard !authority.contains("@") else { throw .blocked("URLs with credentials are not fetched") }
        let (hostText, portText) = Self.splitAuthority(authority)
        guard !hostText.isEmpty, let host = FetchHost.parse(Self.percentDecoded(hostText)) else {
            throw .invalidURL("the host is not a valid name or address")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        var port = defaultPort
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy(\.isASCII), let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidURL("the port is not a number from 1 to 65535")
            }
            port = value
        }
        if let hash = remainder.firstIndex(of: "#") { remainder = String(remainder[..<hash]) }
        remainder = remainder.replacingOccurrences(of: "\\", with: "/")
        if remainder.isEmpty || remainder.hasPrefix("?") { remainder = "/" + remainder }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = Self.percentEncoded(remainder)
    }

    /// Resolves a `Location` header (absolute, scheme-relative, absolute-path or relative) against this URL.
    public func resolving(_ location: String) throws(SafeFetchError) -> FetchURL {
        let base = URL(string: description)
        guard let base, let resolved = URL(string: Self.percentEncoded(location), relativeTo: base)?.absoluteString
        else { throw .invalidURL("the redirect location is not a URL") }
        return try FetchURL(parsing: resolved)
    }

    private static func splitAuthority(_ authority: String) -> (String, String?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return (authority, nil) }
            let host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            return (host, after.hasPrefix(":") ? String(after.dropFirst()) : (after.isEmpty ? nil : "x"))
        }
        guard let colon = authority.lastIndex(of: ":") else { return (authority, nil) }
        return (String(authority[..<colon]), String(authority[authority.index(after: colon)...]))
    }

    private static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    /// Encodes what may not appear raw in a request target (spaces, controls, non-ASCII); keeps existing escapes.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "<"),
                byte != UInt8(ascii: ">"), byte != UInt8(ascii: "`"), byte != UInt8(ascii: "{"),
                byte != UInt8(ascii: "}"), byte != UInt8(ascii: "|"), byte != UInt8(ascii: "^")
            {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
