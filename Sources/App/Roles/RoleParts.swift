import EventBus
import Gateway
import JobQueue
import Logging
import RedisClient
import SafeFetch
import Storage
import Synchronization

/// What every role is built from, made once per process: the configuration, the logger and the clients of the
/// three backing services. The outbound fetcher is made on first use (only workers fetch), and shared by every
/// role that fetches, so a process holds one TLS context and one set of per-host limits.
public final class RoleParts: Sendable {
    public let configuration: AppConfiguration
    public let logger: Logger
    public let redis: RedisClient
    public let metadata: MetadataStore
    public let jobs: JobQueue
    public let blobs: any BlobStore
    /// The events stream every change of the chat API is published on, and the gateway reads.
    public let events: EventBus
    /// The process's reader of the events stream for its sockets (run when the gateway role is).
    public let gatewayHub: GatewayHub
    private let fetching = Mutex<(connector: NIOFetchConnector, fetcher: SafeFetcher)?>(nil)

    init(
        configuration: AppConfiguration, logger: Logger, redis: RedisClient, metadata: MetadataStore,
        blobs: any BlobStore
    ) {
        self.configuration = configuration
        self.logger = logger
        self.redis = redis
        self.metadata = metadata
        self.jobs = JobQueue(redis: redis, namespace: configuration.jobsNamespace, logger: logger)
        self.blobs = blobs
        self.events = EventBus(
            redis: redis, prefix: configuration.redisKeyPrefix,
            maxLength: configuration.eventsMaxLength, logger: logger)
        self.gatewayHub = GatewayHub(
            redis: redis, prefix: configuration.redisKeyPrefix, events: events, logger: logger)
    }

    /// The process's one connector for outbound fetches (it holds the TLS context with the system's trust roots).
    public func fetchConnector() throws -> NIOFetchConnector {
        try outbound().connector
    }

    /// The fetcher every request to a URL users gave goes through, with per-host limits kept in Redis.
    public func safeFetcher() throws -> SafeFetcher {
        try outbound().fetcher
    }

    private func outbound() throws -> (connector: NIOFetchConnector, fetcher: SafeFetcher) {
        try fetching.withLock { made in
            if let made { return made }
            let connector = try NIOFetchConnector()
            let settings = configuration.safeFetch
            let fetcher = SafeFetcher(
                settings: settings,
                connector: connector,
                admission: RedisHostAdmission(
                    redis: redis, prefix: configuration.redisKeyPrefix + ":fetch:",
                    concurrency: settings.hostConcurrency, rateLimit: settings.hostRateLimit,
                    rateWindow: settings.hostRateWindow
                )
            )
            made = (connector, fetcher)
            return (connector, fetcher)
        }
    }
}
