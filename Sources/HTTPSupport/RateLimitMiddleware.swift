import Hummingbird
import RedisClient

/// Counts each request against a fixed-window limit kept in Redis and answers 429 `RateLimited` once the window is
/// full; every answer carries the limit's headers in the chosen dialect. Which window a request falls in is the
/// `rule`'s choice: nil lets the request pass uncounted.
public struct RateLimitMiddleware<Context: ServiceRequestContext>: RouterMiddleware {
    /// One window: the key counted (holding the user or address), the bucket named to clients, and its size.
    public typealias Rule = (key: String, bucket: String, limit: Int, window: Duration)

    let limiter: RedisRateLimiter
    let style: RateLimitHeaders.Style
    let rule: @Sendable (Request, Context) -> Rule?

    public init(
        limiter: RedisRateLimiter, style: RateLimitHeaders.Style,
        rule: @escaping @Sendable (Request, Context) -> Rule?
    ) {
        self.limiter = limiter
        self.style = style
        self.rule = rule
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let rule = rule(request, context) else { return try await next(request, context) }
        let decision = try await limiter.hit(
            key: rule.key, bucket: rule.bucket, limit: rule.limit, window: rule.window)
        guard decision.allowed else { throw APIError.rateLimited(decision, style: style) }
        var response = try await next(request, context)
        RateLimitHeaders.apply(decision, style: style, to: &response.headers)
        return response
    }
}
