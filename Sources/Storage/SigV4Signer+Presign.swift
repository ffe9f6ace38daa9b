import Crypto
import Foundation

extension SigV4Signer {
    /// A URL anyone can `GET` until it expires, signed in its query string (SigV4 query authentication), so the
    /// file server can redirect a download straight to the store. `query` adds parameters S3 honours such as
    /// `response-content-disposition`.
    public func presignedURL(
        method: String = "GET",
        url: URL,
        expires: Duration,
        query: [(String, String)] = [],
        date: Date = Date()
    ) -> URL {
        let (amzDate, day) = Self.timestamps(date)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let seconds = max(1, min(604_800, expires.components.seconds))
        var parameters = query
        parameters += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(accessKey)/\(scope)"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(seconds)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.percentEncodedQuery = parameters.map { Self.uriEncode($0.0) + "=" + Self.uriEncode($0.1) }
            .joined(separator: "&")
        let unsigned = components.url!
        let canonicalRequest = [
            method,
            Self.canonicalPath(unsigned),
            Self.canonicalQuery(unsigned),
            "host:\(Self.hostHeader(unsigned))\n",
            "host",
            Self.unsignedPayload,
        ].joined(separator: "\n")
        let signature = signature(canonicalRequest: canonicalRequest, amzDate: amzDate, day: day)
        components.percentEncodedQuery! += "&X-Amz-Signature=\(signature)"
        return components.url!
    }
}
