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
        title: "Link proxy and outbound fetches (`/january`, `proxy.*`)", keys: ConfigurationKeys.proxy)

    static func cache(_ parts: RoleParts) -> LinkCache {
        LinkCache(redis: parts.redis, prefix: parts.configuration.redisKeyPrefix + ":january:")
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
