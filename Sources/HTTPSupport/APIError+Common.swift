import HTTPTypes
import RedisClient

/// Errors every surface shares, with the names Revolt's clients know.
extension APIError {
    public static let notFound = APIError(.notFound, "NotFound")
    /// No session or bot token where one is required.
    public static let notAuthenticated = APIError(.unauthorized, "NotAuthenticated")
    /// A token that is unknown, revoked or expired.
    public static let invalidSession = APIError(.unauthorized, "InvalidSession")

    public static func invalidRequest(_ reason: String) -> APIError {
        APIError(.badRequest, "InvalidRequest", ["reason": .string(reason)])
    }
    public static func forbidden(_ reason: String) -> APIError {
        APIError(.forbidden, "Forbidden", ["reason": .string(reason)])
    }

    /// A refused hit of a rate limit: `RateLimited` with `retry_after` (seconds in Discord's style, milliseconds in
    /// Revolt's, as each dialect's clients read it) and the headers in `style`.
    public static func rateLimited(
        _ decision: RateLimitDecision, style: RateLimitHeaders.Style = .discord
    )
        -> APIError
    {
        let milliseconds = decision.resetAfter.wholeMilliseconds
        let retryAfter: Field =
            switch style {
            case .discord: .double(Double(milliseconds) / 1000)
            case .revolt: .int(milliseconds)
            }
        return APIError(
            .tooManyRequests, "RateLimited", ["retry_after": retryAfter],
            headers: RateLimitHeaders.fields(decision, style: style)
        )
    }

    /// What `ErrorMiddleware` answers for an error no handler turned into an answer: 500 `InternalError`, naming
    /// the request id the log line carries and nothing else.
    public static func internalError(requestID: String) -> APIError {
        APIError(.internalServerError, "InternalError", ["request_id": .string(requestID)])
    }

    /// A backing service (Redis, the database, the blob store) could not be reached: 503, worth retrying.
    public static func serviceUnavailable(requestID: String) -> APIError {
        APIError(
            .serviceUnavailable, "ServiceUnavailable",
            ["reason": .string("a backing service is unreachable; try again soon"), "request_id": .string(requestID)],
            headers: [("Retry-After", "1")]
        )
    }
}
