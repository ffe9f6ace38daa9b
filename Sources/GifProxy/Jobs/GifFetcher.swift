import Logging

/// The work of a `gif.fetch` job: asks the provider unless a hold in Redis (a 429, or a breaker that opened in any
/// process) or this process's circuit breaker says to leave it alone, caches a good answer (a failure is never
/// cached), and feeds the breaker the outcome.
public struct GifFetcher: Sendable {
    let provider: any GifProvider
    let cache: GifCache
    let breaker: ProviderBreaker
    let settings: GifProxySettings
    let logger: Logger

    public init(
        provider: any GifProvider, cache: GifCache, breaker: ProviderBreaker, settings: GifProxySettings,
        logger: Logger
    ) {
        self.provider = provider
        self.cache = cache
        self.breaker = breaker
        self.settings = settings
        self.logger = logger
    }

    public func fetch(_ job: GifFetch) async throws -> GifFetchOutcome {
        if let remaining = try await cache.remaining(.rateLimited) {
            GifMetrics.providerCall("skipped")
            return .failed(.providerRateLimited(seconds: Self.seconds(remaining)))
        }
        if let remaining = try await cache.remaining(.breakerOpen) {
            GifMetrics.providerCall("skipped")
            return .failed(.providerUnavailable(seconds: Self.seconds(remaining)))
        }
        let decision = breaker.decide()
        if case .reject(let retryAfter) = decision {
            GifMetrics.providerCall("skipped")
            return .failed(.providerUnavailable(seconds: Self.seconds(retryAfter)))
        }
        let answer: GifAnswer
        do {
            answer = try await provider.answer(job.query)
        } catch {
            switch error {
            case .rateLimited(let retryAfter):
                GifMetrics.providerCall("rate_limited")
                try await cache.set(.rateLimited, for: retryAfter)
            case .badRequest: GifMetrics.providerCall("bad_request")
            default: GifMetrics.providerCall("failed")
            }
            if error.countsAsFailure {
                if breaker.failed() { try await cache.set(.breakerOpen, for: settings.breakerCooldown) }
            } else {
                breaker.settledWithoutVerdict()
            }
            // The error is logged by type; its reason never holds the URL (and so never the key).
            logger.warning(
                "GIF provider call failed",
                metadata: ["route": "\(job.query.route.rawValue)", "error": "\(error.proxyError.reason ?? "")"])
            return .failed(error.proxyError)
        }
        breaker.succeeded()
        if decision == .probe { try await cache.clear(.breakerOpen) }
        GifMetrics.providerCall("ok")
        let route = job.query.route
        try await cache.store(
            answer, digest: job.digest,
            keepFor: settings.freshFor(route) + max(settings.staleWhileRevalidate, settings.staleIfError))
        return .answer(answer)
    }

    static func seconds(_ duration: Duration) -> Double {
        max(1, (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18).rounded(.up))
    }
}
