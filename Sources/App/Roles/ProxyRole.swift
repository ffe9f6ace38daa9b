import Hummingbird
import JobQueue
import LinkProxy
import RedisClient

/// `proxy`: the January link proxy (`/january/embed`, `/january/proxy`); its `embed.fetch` and `proxy.fetch` jobs
/// run in the workers, through the process's SafeFetcher.
enum ProxyRole: RoleDefinition {
    static let role = AppRole.proxy
    static let summary = "Run the link proxy (/january) without a job worker."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "Link proxy and outbound fetches (`/january`, `proxy.*`)",
        keys: [
            .init(
                "proxy.path_prefix", .string, default: "/january",
                "Where the January routes (embeds, media proxy) are mounted; empty for a proxy on its own host."),
            .init(
                "proxy.allow", .list, default: "",
                "Hosts (example.com, *.example.com) and CIDR blocks fetched even when private (an intranet, a test origin)."
            ),
            .init("proxy.deny", .list, default: "", "Hosts and CIDR blocks never fetched, whatever they resolve to."),
            .init("proxy.ports", .list, default: "80,443", "Ports URLs may name (hosts on proxy.allow may use any)."),
            .init("proxy.user_agent", .string, default: "Discordination/1.0", "User-Agent of every outbound request."),
            .init("proxy.connect_timeout", .duration, default: "3s", "Deadline for opening a connection to an origin."),
            .init(
                "proxy.timeout", .duration, default: "10s",
                "Deadline for a whole fetch: lookups, redirects, headers and body."),
            .init(
                "proxy.max_page_bytes", .integer(1024...1_073_741_824), default: "5242880",
                "Bytes of a page read for its embed (the rest is not fetched)."),
            .init(
                "proxy.max_media_bytes", .integer(1024...4_294_967_296), default: "20971520",
                "Bytes of an image or video /proxy fetches (decompressed, counted as it arrives)."),
            .init(
                "proxy.max_pixels", .integer(1...1_000_000_000), default: "50000000",
                "Pixels of one frame of a proxied image (half for progressive JPEGs)."),
            .init("proxy.max_frames", .integer(1...100_000), default: "300", "Frames kept of a proxied animation."),
            .init("proxy.host_concurrency", .integer(1...10_000), default: "8", "Fetches in flight per origin host."),
            .init(
                "proxy.host_rate_limit", .integer(1...1_000_000), default: "60",
                "Fetches started per origin host per proxy.host_rate_window, across every process."),
            .init("proxy.host_rate_window", .duration, default: "10s", "The per-host rate window."),
            .init("proxy.embed_ttl", .duration, default: "1h", "How long an embed is cached in Redis."),
            .init(
                "proxy.media_ttl", .duration, default: "1h", "How long a proxied file is served from the blob store."),
            .init(
                "proxy.negative_ttl", .duration, default: "1m",
                "How long a link that failed (blocked, timed out, no embed) is answered from the cache."),
            .init("proxy.wait", .duration, default: "15s", "How long a request waits for its fetch job."),
            .init(
                "proxy.signing_keys", .list, default: "", secret: true,
                "id:secret pairs (secrets of 16+ bytes): when set, /proxy serves only signed URLs and embeds carry them; the first signs, all verify."
            ),
        ])

    static func cache(_ parts: RoleParts) -> LinkCache {
        LinkCache(redis: parts.redis, prefix: parts.configuration.jobsNamespace + ":january:")
    }

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        LinkProxyController<AppRequestContext>(
            settings: parts.configuration.linkProxy, cache: cache(parts), jobs: parts.jobs, blobs: parts.blobs,
            version: DiscordinationVersion.current, logger: parts.logger
        ).addRoutes(to: router)
    }

    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let fetcher = try parts.safeFetcher()
        let settings = parts.configuration.linkProxy
        LinkJobs.register(
            in: &jobs.registry,
            extractor: EmbedExtractor(fetcher: fetcher, settings: settings),
            media: MediaProxy(fetcher: fetcher, blobs: parts.blobs, settings: settings),
            cache: cache(parts),
            settings: settings,
            logger: parts.logger
        )
    }
}
