import GifProxy
import Hummingbird
import Identity
import JobQueue
import SafeFetch

/// `gifs`: GIF search (`/gifbox/*`, `/gifs/*`); its `gif.fetch` and `gif.mirror` jobs run in the workers.
enum GifsRole: RoleDefinition {
    static let role = AppRole.gifs
    static let summary = "Run the GIF proxy (/gifbox, /gifs) without a job worker."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "GIF search (`/gifbox`, `/gifs`, `gifs.*`)", keys: ConfigurationKeys.gifs)

    static func cache(_ parts: RoleParts) -> GifCache {
        GifCache(
            redis: parts.redis, prefix: parts.configuration.redisKeyPrefix + ":gifs:",
            now: parts.configuration.wallClock)
    }

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        GifProxyController<AppRequestContext>(
            settings: configuration.gifs, cache: cache(parts), jobs: parts.jobs, blobs: parts.blobs,
            sessions: Sessions(metadata: parts.metadata), keyPrefix: configuration.redisKeyPrefix,
            logger: parts.logger
        ).addRoutes(to: router)
    }

    /// Media is mirrored through the process's SafeFetcher, the one that fetches what users link to; the provider is
    /// asked through a fetcher of its own on the same connector: the operator chose the provider's host, so it is
    /// reachable even on a private network or port, and its budget is guarded by the circuit breaker and the cache
    /// rather than by per-host limits.
    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        let settings = configuration.gifs
        var providerSettings = configuration.safeFetch
        providerSettings.totalTimeout = settings.timeout
        if let url = try? FetchURL(parsing: settings.baseURL) {
            providerSettings.allow = (try? HostRules(parsing: url.host.description)) ?? providerSettings.allow
        }
        let provider = GifProviders.make(
            settings, fetcher: SafeFetcher(settings: providerSettings, connector: try parts.fetchConnector()))
        GifJobs.register(
            in: &jobs.registry,
            fetcher: GifFetcher(
                provider: provider, cache: cache(parts),
                breaker: ProviderBreaker(threshold: settings.breakerFailures, cooldown: settings.breakerCooldown),
                settings: settings, logger: parts.logger),
            mirror: MediaMirror(fetcher: try parts.safeFetcher(), blobs: parts.blobs, maxBytes: settings.maxMediaBytes),
            cache: cache(parts),
            settings: settings
        )
    }
}
