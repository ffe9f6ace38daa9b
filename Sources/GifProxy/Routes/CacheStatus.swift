/// Where an answer came from, sent as `X-Cache`.
enum CacheStatus: String {
    case hit = "HIT"
    case miss = "MISS"
    /// Past freshness, served while a job refreshes it.
    case stale = "STALE"
    /// Past the refresh window, served because the provider failed.
    case staleIfError = "STALE-IF-ERROR"
}
