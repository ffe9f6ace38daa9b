import Metrics

/// The GIF proxy's metrics, through swift-metrics (`/metrics` serves them): answers by where they came from, and
/// provider calls by how they ended.
enum GifMetrics {
    static func answered(_ status: CacheStatus) {
        Counter(label: "dcn_gif_answers_total", dimensions: [("cache", status.rawValue.lowercased())]).increment()
    }

    /// `ok`, `rate_limited`, `bad_request`, `failed`, or `skipped` (the breaker or a 429 back-off held it back).
    static func providerCall(_ outcome: String) {
        Counter(label: "dcn_gif_provider_calls_total", dimensions: [("outcome", outcome)]).increment()
    }
}
