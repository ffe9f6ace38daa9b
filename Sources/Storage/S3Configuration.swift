import Foundation

/// Where an S3-compatible bucket lives and the credentials for it.
public struct S3Configuration: Sendable, Equatable {
    /// The service endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:8333`.
    public var endpoint: URL
    public var region: String
    public var bucket: String
    public var accessKey: String
    public var secretKey: String
    /// `https://endpoint/bucket/key` when true (MinIO, SeaweedFS, R2); `https://bucket.endpoint/key` when false.
    public var pathStyle: Bool

    public init(
        endpoint: URL,
        region: String,
        bucket: String,
        accessKey: String,
        secretKey: String,
        pathStyle: Bool = true
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.pathStyle = pathStyle
    }

    /// The URL of an object (or of the bucket itself when `key` is empty), with path segments percent-encoded.
    public func url(forKey key: String, query: [(String, String)] = []) -> URL {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        let encodedKey = key.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.uriEncode(String($0)) }.joined(separator: "/")
        let base =
            components.percentEncodedPath.hasSuffix("/")
            ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        if pathStyle {
            components.percentEncodedPath =
                base + "/" + SigV4Signer.uriEncode(bucket) + (key.isEmpty ? "" : "/" + encodedKey)
        } else {
            components.host = bucket + "." + (components.host ?? "")
            components.percentEncodedPath = base + "/" + encodedKey
        }
        if !query.isEmpty {
            components.percentEncodedQuery = query.map {
                SigV4Signer.uriEncode($0.0) + "=" + SigV4Signer.uriEncode($0.1)
            }
            .joined(separator: "&")
        }
        return components.url!
    }
}
