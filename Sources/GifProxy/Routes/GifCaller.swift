import HTTPSupport
import HTTPTypes

/// Who is asking, as the service's session and bot tokens say: the user's id, or nil for an anonymous request
/// when those are allowed. Throws the error to answer with when the request is refused. Supplied by the
/// application, so the GIF routes accept the same tokens as the file server.
public struct GifCaller: Sendable {
    let identify: @Sendable (HTTPFields) async throws -> String?

    public init(identify: @escaping @Sendable (HTTPFields) async throws -> String?) {
        self.identify = identify
    }
}

/// What the GIF routes need of the request context: the client's address, for anonymous rate limits.
public typealias GifRequestContext = ServiceRequestContext

/// Where an answer came from, sent as `X-Cache`.
enum CacheStatus: String {
    case hit = "HIT"
    case miss = "MISS"
    /// Past freshness, served while a job refreshes it.
    case stale = "STALE"
    /// Past the refresh window, served because the provider failed.
    case staleIfError = "STALE-IF-ERROR"
}
