import FileServer
import GifProxy
import Hummingbird
import JobQueue
import Logging
import RedisClient
import SafeFetch
import Storage

func gifCache(_ configuration: AppConfiguration, redis: RedisClient) -> GifCache {
    GifCache(redis: redis, prefix: configuration.jobsNamespace + ":gifs:")
}

/// The provider `gifs.provider` names. Its calls go through a fetcher of their own: the operator chose the
/// provider's host, so it is reachable even on a private network or port, and its budget is guarded by the circuit
/// breaker and the cache rather than by per-host limits.
func makeGifProvider(_ configuration: AppConfiguration, connector: NIOFetchConnector) -> any GifProvider {
    var settings = configuration.safeFetch
    settings.totalTimeout = configuration.gifs.timeout
    if let url = try? FetchURL(parsing: configuration.gifs.baseURL) {
        settings.allow = (try? HostRules(parsing: url.host.description)) ?? settings.allow
    }
    let fetcher = SafeFetcher(settings: settings, connector: connector)
    return GifProviders.make(configuration.gifs, fetcher: fetcher)
}

/// Registers the `gif.fetch` and `gif.mirror` jobs with a worker; media is mirrored through `fetcher`, the one that
/// fetches what users link to, and the provider is asked through a fetcher of its own on the same `connector`.
func registerGifJobs(
    in registry: inout JobRegistry, _ configuration: AppConfiguration, redis: RedisClient, fetcher: SafeFetcher,
    connector: NIOFetchConnector, blobs: any BlobStore, logger: Logger
) {
    let settings = configuration.gifs
    let cache = gifCache(configuration, redis: redis)
    GifJobs.register(
        in: &registry,
        fetcher: GifFetcher(
            provider: makeGifProvider(configuration, connector: connector), cache: cache,
            breaker: ProviderBreaker(threshold: settings.breakerFailures, cooldown: settings.breakerCooldown),
            settings: settings, logger: logger),
        mirror: MediaMirror(fetcher: fetcher, blobs: blobs, maxBytes: settings.maxMediaBytes),
        cache: cache,
        settings: settings
    )
}

/// Mounts the gifbox and Tenor-v2-shaped routes on `router`, authenticating with the file server's tokens.
func addGifProxy(
    to router: Router<AppRequestContext>, _ configuration: AppConfiguration, metadata: MetadataStore,
    redis: RedisClient, jobs: JobQueue, blobs: any BlobStore, logger: Logger
) {
    let authenticator = UploaderAuthenticator(metadata: metadata, allowAnonymous: configuration.gifs.anonymous)
    let caller = GifCaller { headers in
        switch try await authenticator.authenticate(headers) {
        case .user(let id, _): id
        case .anonymous: nil
        }
    }
    GifProxyController<AppRequestContext>(
        settings: configuration.gifs, cache: gifCache(configuration, redis: redis), jobs: jobs, blobs: blobs,
        caller: caller, logger: logger
    ).addRoutes(to: router)
}
