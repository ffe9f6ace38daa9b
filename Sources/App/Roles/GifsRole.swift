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
        title: "GIF search (`/gifbox`, `/gifs`, `gifs.*`)",
        keys: [
            .init(
                "gifs.provider", .choice(["giphy", "tenor"]), default: "giphy",
                "The GIF provider's API: giphy or tenor (v2)."),
            .init(
                "gifs.base_url", .url, default: "",
                "The provider's API root; empty means https://api.giphy.com for giphy (tenor-compatible providers need it)."
            ),
            .init(
                "gifs.api_key", .string, default: "", secret: true,
                "The provider's API key; empty leaves the GIF routes answering GifsUnavailable."),
            .init("gifs.client_key", .string, default: "discordination", "Tenor's client_key: names this integration."),
            .init(
                "gifs.path_prefix", .string, default: "/gifs",
                "Where the Tenor-v2-shaped routes (/v2/…) and /media are mounted."),
            .init("gifs.gifbox_prefix", .string, default: "/gifbox", "Where Revolt's gifbox routes are mounted."),
            .init("gifs.anonymous", .boolean, default: "false", "Answer requests without a session or bot token."),
            .init(
                "gifs.rate_limit", .integer(1...1_000_000), default: "60",
                "GIF requests per user (or address) per window."),
            .init("gifs.rate_limit_window", .duration, default: "1m", "The GIF rate-limit window."),
            .init("gifs.search_ttl", .duration, default: "5m", "How long a search answer is fresh."),
            .init("gifs.trending_ttl", .duration, default: "10m", "How long trending (featured) answers are fresh."),
            .init("gifs.categories_ttl", .duration, default: "1d", "How long the categories are fresh."),
            .init("gifs.autocomplete_ttl", .duration, default: "1h", "How long autocomplete suggestions are fresh."),
            .init(
                "gifs.stale_while_revalidate", .duration, default: "1h",
                "Past freshness, an answer is served at once this long while a job refreshes it."),
            .init(
                "gifs.stale_if_error", .duration, default: "1d",
                "Past freshness, an answer is kept this long to be served when the provider fails."),
            .init(
                "gifs.content_filter", .choice(["off", "low", "medium", "high"]), default: "medium",
                "The least strict content filter allowed; clients may ask for stricter, never for less."),
            .init("gifs.locale", .string, default: "en_US", "Locale of requests that name none."),
            .init("gifs.max_limit", .integer(1...50), default: "50", "Most results one page may ask for."),
            .init("gifs.timeout", .duration, default: "5s", "Deadline for one provider call."),
            .init(
                "gifs.wait", .duration, default: "10s", "How long a request waits for its gif.fetch or gif.mirror job."),
            .init(
                "gifs.breaker_failures", .integer(1...1000), default: "5",
                "Provider failures in a row that open the circuit breaker."),
            .init(
                "gifs.breaker_cooldown", .duration, default: "30s",
                "How long the open breaker refuses calls before one probe."),
            .init(
                "gifs.mirror_media", .boolean, default: "false",
                "Rewrite media URLs to signed /media links fetched into the blob store, so the provider never sees users."
            ),
            .init(
                "gifs.media_ttl", .duration, default: "1h", "How long a mirrored file is served from the blob store."),
            .init(
                "gifs.max_media_bytes", .integer(1024...1_073_741_824), default: "20971520",
                "Bytes of one mirrored file."),
            .init(
                "gifs.max_answer_bytes", .integer(1024...67_108_864), default: "2097152",
                "Bytes of one provider answer."),
        ])

    static func cache(_ parts: RoleParts) -> GifCache {
        GifCache(redis: parts.redis, prefix: parts.configuration.jobsNamespace + ":gifs:")
    }

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        GifProxyController<AppRequestContext>(
            settings: configuration.gifs, cache: cache(parts), jobs: parts.jobs, blobs: parts.blobs,
            sessions: Sessions(metadata: parts.metadata), logger: parts.logger
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
