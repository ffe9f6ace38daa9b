import HTTPSupport
import HTTPTypes
import SafeFetch

/// An error of the January routes in its documented JSON shape `{"type": "…", …}`. Also what the fetch jobs
/// return and the cache keeps for a URL that failed, so every viewer of a bad link gets the same answer.
public struct LinkProxyError: Error, APIErrorConvertible, Codable, Equatable, Sendable {
    public var type: String
    /// Why an operation was refused or failed, worded for the user: never an internal address.
    public var reason: String?
    /// The origin's status for `UpstreamError`.
    public var upstreamStatus: Int?
    /// Seconds before trying again, for `HostBusy`.
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case type, reason
        case upstreamStatus = "status"
        case retryAfter = "retry_after"
    }

    public init(_ type: String, reason: String? = nil, upstreamStatus: Int? = nil, retryAfter: Int? = nil) {
        self.type = type
        self.reason = reason
        self.upstreamStatus = upstreamStatus
        self.retryAfter = retryAfter
    }

    public static let noEmbedData = LinkProxyError("NoEmbedData")
    public static let invalidSignature = LinkProxyError("InvalidOperation", reason: "the proxy URL is not signed")

    public var status: HTTPResponse.Status {
        switch type {
        case "NoEmbedData", "InvalidOperation": .badRequest
        case "RequestTimedOut": .gatewayTimeout
        case "ContentTooLarge": .contentTooLarge
        case "UnsupportedContentType": .unsupportedMediaType
        case "HostBusy": .serviceUnavailable
        default: .badGateway
        }
    }

    /// Whether the cache may keep this answer for the negative TTL (a busy host is asked again next time).
    public var cacheable: Bool { type != "HostBusy" }

    public var apiError: APIError {
        var fields: [String: APIError.Field] = [:]
        if let reason { fields["reason"] = .string(reason) }
        if let upstreamStatus { fields["status"] = .int(upstreamStatus) }
        if let retryAfter { fields["retry_after"] = .int(retryAfter) }
        return APIError(status, type, fields, headers: retryAfter.map { [("Retry-After", String($0))] } ?? [])
    }

    /// The January error for a fetch that went wrong; `forEmbed` turns answers that simply have no preview (an
    /// error page, a PDF) into `NoEmbedData`.
    public static func from(_ error: any Error, forEmbed: Bool) -> LinkProxyError {
        guard let error = error as? SafeFetchError else {
            if let error = error as? LinkProxyError { return error }
            return LinkProxyError("UpstreamError", reason: "the page could not be read")
        }
        switch error {
        case .invalidURL(let reason): return LinkProxyError("InvalidOperation", reason: reason)
        case .blocked(let reason): return LinkProxyError("InvalidOperation", reason: reason)
        case .tooManyRedirects(let count):
            return LinkProxyError("InvalidOperation", reason: "more than \(count) redirects")
        case .timedOut: return LinkProxyError("RequestTimedOut")
        case .tooLarge: return LinkProxyError("ContentTooLarge")
        case .unsupportedContentType(let type):
            return forEmbed ? .noEmbedData : LinkProxyError("UnsupportedContentType", reason: type)
        case .hostBusy(let retryAfter):
            return LinkProxyError("HostBusy", retryAfter: max(1, Int(retryAfter.components.seconds)))
        case .httpStatus(let status):
            return forEmbed ? .noEmbedData : LinkProxyError("UpstreamError", upstreamStatus: status)
        case .failed: return LinkProxyError("UpstreamError", reason: "the origin could not be reached")
        }
    }
}
