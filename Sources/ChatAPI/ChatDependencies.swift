import EventBus
import Identity
import JobQueue
import Logging
import RedisClient
import SafeFetch

/// What every chat route works with, made once per process: the store, the event bus, sessions and passwords, the
/// queue (link embeds) and the settings.
public struct ChatDependencies: Sendable {
    public let settings: ChatAPISettings
    public let store: ChatStore
    public let events: EventBus
    public let sessions: Sessions
    public let passwords: PasswordHasher
    public let jobs: JobQueue
    public let redis: RedisClient
    /// Who is online, as the gateways record it: user objects the API answers carry it.
    public let presence: Presence
    /// The outbound fetcher (SSRF rules) for bots' interactions endpoints; nil where the process makes none.
    public let fetcher: SafeFetcher?
    public let logger: Logger

    public init(
        settings: ChatAPISettings, store: ChatStore, events: EventBus, sessions: Sessions,
        passwords: PasswordHasher = PasswordHasher(), jobs: JobQueue, redis: RedisClient, presence: Presence,
        fetcher: SafeFetcher? = nil, logger: Logger
    ) {
        self.settings = settings
        self.store = store
        self.events = events
        self.sessions = sessions
        self.passwords = passwords
        self.jobs = jobs
        self.redis = redis
        self.presence = presence
        self.fetcher = fetcher
        self.logger = logger
    }
}
