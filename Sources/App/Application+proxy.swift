import Hummingbird
import JobQueue
import LinkProxy
import Logging
import RedisClient
import SafeFetch
import Storage

/// The fetcher every outbound request to a URL users gave goes through, with per-host limits kept in Redis.
/// `connector` is the process's one (it holds the TLS context with the system's trust roots).
func makeSafeFetcher(
    _ configuration: AppConfiguration, redis: RedisClient, connector: NIOFetchConnector
) -> SafeFetcher {
    let settings = configuration.safeFetch
    return SafeFetcher(
        settings: settings,
        connector: connector,
        admission: RedisHostAdmission(
            redis: redis, prefix: configuration.jobsNamespace + ":fetch:", concurrency: settings.hostConcurrency,
            rateLimit: settings.hostRateLimit, rateWindow: settings.hostRateWindow
        )
    )
}

func linkCache(_ configuration: AppConfiguration, redis: RedisClient) -> LinkCache {
    LinkCache(redis: redis, prefix: configuration.jobsNamespace + ":january:")
}

/// Registers the `embed.fetch` and `proxy.fetch` jobs with a worker.
func registerLinkJobs(
    in registry: inout JobRegistry, _ configuration: AppConfiguration, redis: RedisClient, fetcher: SafeFetcher,
    blobs: any BlobStore, logger: Logger
) {
    LinkJobs.register(
        in: &registry,
        extractor: EmbedExtractor(fetcher: fetcher, settings: configuration.linkProxy),
        media: MediaProxy(fetcher: fetcher, blobs: blobs, settings: configuration.linkProxy),
        cache: linkCache(configuration, redis: redis),
        settings: configuration.linkProxy,
        logger: logger
    )
}

/// Mounts the January routes on `router`.
func addLinkProxy(
    to router: Router<AppRequestContext>, _ configuration: AppConfiguration, redis: RedisClient, jobs: JobQueue,
    blobs: any BlobStore, logger: Logger
) {
    LinkProxyController<AppRequestContext>(
        settings: configuration.linkProxy, cache: linkCache(configuration, redis: redis), jobs: jobs, blobs: blobs,
        version: DiscordinationVersion.current, logger: logger
    ).addRoutes(to: router)
}
