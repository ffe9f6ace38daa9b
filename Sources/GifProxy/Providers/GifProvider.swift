/// A GIF provider behind one shape: every route answers a normalised `GifAnswer`.
public protocol GifProvider: Sendable {
    func answer(_ query: GifQuery) async throws(GifProviderError) -> GifAnswer
}

/// Why a provider call gave no answer. None of the reasons carries the request URL, which holds the key.
public enum GifProviderError: Error, Equatable, Sendable {
    /// 429: the key's budget is spent for `retryAfter` (from the provider's `Retry-After`, 30 s without one).
    case rateLimited(retryAfter: Duration)
    /// 400 or 404: the question itself was wrong (a cursor from elsewhere); the provider is fine.
    case badRequest(String)
    /// 401 or 403: the provider refused the key.
    case rejected(Int)
    /// 5xx, a timeout, no connection.
    case unavailable(String)
    /// An answer that is not the documented JSON.
    case malformed(String)

    /// The error the routes answer with.
    public var proxyError: GifProxyError {
        switch self {
        case .rateLimited(let retryAfter):
            .providerRateLimited(seconds: Double(max(1, retryAfter.components.seconds)))
        case .badRequest(let reason): .invalidRequest(reason)
        case .rejected(let status): .upstream("the GIF provider refused this server's key (\(status))")
        case .unavailable(let reason): .upstream(reason)
        case .malformed(let reason): .upstream("the GIF provider's answer was malformed: \(reason)")
        }
    }

    /// Whether the failure counts toward the circuit breaker (the provider itself is unwell).
    public var countsAsFailure: Bool {
        switch self {
        case .rateLimited, .badRequest: false
        case .rejected, .unavailable, .malformed: true
        }
    }
}
