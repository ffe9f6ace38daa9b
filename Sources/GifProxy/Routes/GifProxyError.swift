import HTTPSupport
import HTTPTypes

/// An error of the GIF routes in the documented JSON shape `{"type": "…", "reason": "…", "retry_after": n}`. Also
/// what a `gif.fetch` job returns when the provider failed, so every waiting request gets the same answer. Reasons
/// are worded for users and never carry the provider's URL or key.
public struct GifProxyError: Error, APIErrorConvertible, Codable, Equatable, Sendable {
    public var type: String
    public var reason: String?
    /// Seconds before trying again.
    public var retryAfter: Double?
    /// Extra headers (rate limits); not kept when the error is stored.
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey {
        case type, reason
        case retryAfter = "retry_after"
    }

    public init(_ type: String, reason: String? = nil, retryAfter: Double? = nil, headers: [String: String] = [:]) {
        self.type = type
        self.reason = reason
        self.retryAfter = retryAfter
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        retryAfter = try container.decodeIfPresent(Double.self, forKey: .retryAfter)
        headers = [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
    }

    public static func invalidRequest(_ reason: String) -> GifProxyError {
        GifProxyError("InvalidRequest", reason: reason)
    }
    public static let notConfigured = GifProxyError("GifsUnavailable", reason: "no GIF provider is configured")
    public static let timedOut = GifProxyError("RequestTimedOut", reason: "the GIF provider did not answer in time")
    public static let notFound = GifProxyError("NotFound")
    public static let invalidSignature = GifProxyError("InvalidOperation", reason: "the media URL is not signed")
    /// The provider told us to slow down; everyone waits `seconds`.
    public static func providerRateLimited(seconds: Double) -> GifProxyError {
        GifProxyError("ProviderRateLimited", reason: "the GIF provider asked to slow down", retryAfter: seconds)
    }
    /// The circuit breaker is open: the provider failed repeatedly and is left alone for a while.
    public static func providerUnavailable(seconds: Double) -> GifProxyError {
        GifProxyError(
            "ProviderUnavailable", reason: "the GIF provider is failing; trying again soon", retryAfter: seconds)
    }
    public static func upstream(_ reason: String) -> GifProxyError { GifProxyError("UpstreamError", reason: reason) }

    public var status: HTTPResponse.Status {
        switch type {
        case "InvalidRequest", "InvalidOperation": .badRequest
        case "NotFound": .notFound
        case "RateLimited": .tooManyRequests
        case "RequestTimedOut": .gatewayTimeout
        case "ContentTooLarge": .contentTooLarge
        case "UnsupportedContentType": .unsupportedMediaType
        case "GifsUnavailable", "ProviderRateLimited", "ProviderUnavailable": .serviceUnavailable
        default: .badGateway
        }
    }

    public var apiError: APIError {
        var fields: [String: APIError.Field] = [:]
        if let reason { fields["reason"] = .string(reason) }
        if let retryAfter { fields["retry_after"] = .double(retryAfter) }
        var extra = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if let retryAfter, headers["Retry-After"] == nil {
            extra.insert(("Retry-After", String(Int(retryAfter.rounded(.up)))), at: 0)
        }
        return APIError(status, type, fields, headers: extra)
    }
}
