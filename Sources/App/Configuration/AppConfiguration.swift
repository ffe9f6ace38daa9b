import ChatAPI
import Cleanup
import FileServer
import Foundation
import Gateway
import GifProxy
import HTTPSupport
import JobQueue
import LinkProxy
import Logging
import Media
import RedisClient
import SafeFetch
import Storage
import WebClient

/// The typed configuration the roles are built from.
public struct AppConfiguration: Sendable {
    /// Which Redis to use: an existing server, or a private child started in the data directory.
    public enum RedisSetting: Sendable, Equatable {
        case external(RedisEndpoint)
        case managed(binary: String, directory: String)
    }

    public var httpHost: String
    public var httpPort: Int
    public var publicURL: String?
    /// Reverse proxies whose forwarded client addresses are believed (`http.trusted_proxies`).
    public var trustedProxies: TrustedProxies
    public var dataDirectory: String
    public var redis: RedisSetting
    public var redisPoolSize: Int
    public var redisCommandTimeout: Duration
    public var redisConnectTimeout: Duration
    public var jobsNamespace: String
    /// Prefix of the non-queue keys (`redis.key_prefix`): caches, rate limits, fetch limits, the cleanup lease.
    public var redisKeyPrefix: String
    public var jobs: JobWorkerConfiguration
    public var database: DatabaseLocation
    /// Apply pending migrations at start-up (`database.migrate`).
    public var migrateOnStart: Bool
    public var blobStore: BlobStoreSettings
    public var blobs: BlobLocation { blobStore.location }
    /// The per-tag pipelines from `files.pipelines`, checked at load.
    public var pipelines: PipelineCatalog
    /// The file server's `files.*` settings.
    public var files: FileServerSettings
    /// The outbound fetcher's `proxy.*` rules and limits.
    public var safeFetch: SafeFetchSettings
    /// The January routes' `proxy.*` settings.
    public var linkProxy: LinkProxySettings
    /// The GIF routes' `gifs.*` settings.
    public var gifs: GifProxySettings
    /// The chat API's `api.*` settings.
    public var chat: ChatAPISettings
    /// Events kept on the events stream (`api.events_max_length`).
    public var eventsMaxLength: Int
    /// The gateway's `gateway.*` settings.
    public var gateway: GatewaySettings
    /// The web client's `web.*` settings and where it finds the other front ends.
    public var web: WebClientSettings
    public var cleanup: CleanupConfiguration
    public var logLevel: Logger.Level
    /// Milliseconds since 1970 as cached answers are stamped and aged: the system's, or a test's that moves ahead
    /// instead of sleeping out a TTL. Not a key: nothing an operator sets.
    public var wallClock: @Sendable () -> Int64 = WallClock.nowMilliseconds
    public var logFormat: String
    public let resolved: ResolvedConfiguration

    public init(_ resolved: ResolvedConfiguration) throws(ConfigurationError) {
        self.resolved = resolved
        httpHost = try resolved["http.host"]
        httpPort = try resolved.int("http.port")
        publicURL = try resolved["http.public_url"].isEmpty ? nil : try resolved["http.public_url"]
        let proxies = try resolved.list("http.trusted_proxies")
        do {
            trustedProxies = try TrustedProxies(parsing: proxies)
        } catch {
            throw .invalidValue(
                key: "http.trusted_proxies", value: error.entry, expected: "CIDR blocks such as 10.0.0.0/8 or ::1")
        }
        dataDirectory = try resolved["storage.data_dir"]
        guard !dataDirectory.isEmpty else {
            throw .inconsistent(key: "storage.data_dir", reason: "must name a directory")
        }

        let redisURL = try resolved["redis.url"]
        if redisURL.isEmpty {
            redis = .managed(binary: try resolved["redis.server_binary"], directory: dataDirectory + "/redis")
        } else {
            do {
                redis = .external(try RedisEndpoint(url: redisURL))
            } catch {
                throw .invalidValue(key: "redis.url", value: redisURL, expected: "redis://host:port/db or unix:///path")
            }
        }
        redisPoolSize = try resolved.int("redis.pool_size")
        redisCommandTimeout = try resolved.duration("redis.command_timeout")
        redisConnectTimeout = try resolved.duration("redis.connect_timeout")
        jobsNamespace = try resolved["jobs.namespace"]
        redisKeyPrefix = try resolved["redis.key_prefix"]
        guard !redisKeyPrefix.isEmpty, !redisKeyPrefix.contains(" ") else {
            throw .inconsistent(key: "redis.key_prefix", reason: "must be a non-empty word")
        }
        guard !jobsNamespace.isEmpty, !jobsNamespace.contains(" ") else {
            throw .inconsistent(key: "jobs.namespace", reason: "must be a non-empty word")
        }
        jobs = JobWorkerConfiguration(
            concurrency: try resolved.int("jobs.concurrency"),
            visibilityTimeout: try resolved.duration("jobs.visibility_timeout"),
            shutdownGrace: try resolved.duration("jobs.shutdown_grace"),
            maxDeliveries: try resolved.int("jobs.max_deliveries"),
            publishEvents: try resolved.bool("jobs.events"),
            eventsMaxLength: try resolved.int("jobs.events_max_length"),
            deadMaxLength: try resolved.int("jobs.dead_max_length")
        )

        let databaseURL = try resolved["database.url"]
        do {
            database = try DatabaseLocation(
                url: databaseURL.isEmpty ? "sqlite:\(dataDirectory)/metadata.sqlite" : databaseURL
            )
        } catch {
            throw .invalidValue(
                key: "database.url",
                value: databaseURL,
                expected: "sqlite:PATH or postgres://user:password@host:port/db"
            )
        }

        migrateOnStart = try resolved.bool("database.migrate")

        let blobs: BlobLocation
        switch try resolved["storage.backend"] {
        case "s3":
            for key in ["storage.s3.endpoint", "storage.s3.access_key", "storage.s3.secret_key"]
            where try resolved[key].isEmpty {
                throw .inconsistent(key: key, reason: "must be set when storage.backend is s3")
            }
            guard let endpoint = URL(string: try resolved["storage.s3.endpoint"]) else {
                throw .invalidValue(
                    key: "storage.s3.endpoint", value: try resolved["storage.s3.endpoint"], expected: "an https:// URL")
            }
            blobs = .s3(
                S3Configuration(
                    endpoint: endpoint,
                    region: try resolved["storage.s3.region"],
                    bucket: try resolved["storage.s3.bucket"],
                    accessKey: try resolved["storage.s3.access_key"],
                    secretKey: try resolved["storage.s3.secret_key"],
                    pathStyle: try resolved.bool("storage.s3.path_style")
                )
            )
        default:
            let path = try resolved["storage.disk.path"]
            blobs = .disk(root: path.isEmpty ? dataDirectory + "/blobs" : path)
        }
        blobStore = BlobStoreSettings(
            location: blobs,
            createBucket: try resolved.bool("storage.s3.create_bucket"),
            presignDownloads: try resolved.bool("storage.s3.presign_downloads"),
            presignExpiry: try resolved.duration("storage.s3.presign_expiry"),
            partBudget: MemoryBudget(limit: try resolved.int("storage.s3.upload_memory_mib") * 1024 * 1024)
        )
        let encryptionKey = try resolved["storage.encryption_key"]
        if !encryptionKey.isEmpty {
            do {
                blobStore.encryptionKey = try EncryptedBlobStore.parseKey(encryptionKey)
            } catch {
                throw .inconsistent(
                    key: "storage.encryption_key", reason: "must be 32 bytes as 64 hex digits or base64")
            }
        }

        let pipelinesDirectory = try resolved["files.pipelines"]
        do {
            pipelines = try PipelineCatalog.load(directory: pipelinesDirectory)
        } catch {
            throw .inconsistent(key: "files.pipelines", reason: error.description)
        }

        files = FileServerSettings(
            pathPrefix: try resolved.pathPrefix("files.path_prefix", example: "/autumn"),
            anonymousUploads: try resolved.bool("files.anonymous_uploads"),
            adminToken: try resolved["files.admin_token"],
            uploadsPerWindow: try resolved.int("files.rate_limit"),
            uploadWindow: try resolved.duration("files.rate_limit_window"),
            presignMinimumSize: Int64(try resolved.int("files.presign_min_size")),
            keepOriginals: try resolved.bool("files.keep_originals"),
            processingWait: try resolved.duration("files.processing_wait"),
            decodeMemory: try resolved.int("files.decode_memory_mib") << 20
        )

        (safeFetch, linkProxy) = try Self.proxySettings(resolved, publicURL: publicURL)
        gifs = try Self.gifSettings(resolved, publicURL: publicURL)
        cleanup = try Self.cleanupConfiguration(resolved, proxyMediaTTL: linkProxy.mediaTTL)
        chat = try Self.chatSettings(
            resolved, publicURL: publicURL, filesPrefix: files.pathPrefix, proxyPrefix: linkProxy.pathPrefix,
            keyPrefix: redisKeyPrefix)
        eventsMaxLength = try resolved.int("api.events_max_length")
        gateway = try Self.gatewaySettings(resolved)
        web = try Self.webSettings(
            resolved,
            endpoints: WebClientSettings.Endpoints(
                api: chat.pathPrefix, autumn: files.pathPrefix, january: linkProxy.pathPrefix,
                gifbox: gifs.gifboxPrefix, ws: gateway.path))

        for role in AppRole.allCases { try role.definition.validate(resolved) }

        logLevel = Logger.Level(rawValue: try resolved["log.level"]) ?? .info
        logFormat = try resolved["log.format"]
    }

    /// Where clients reach Redis: the configured server, or the private child's socket in the data directory.
    public var redisEndpoint: RedisEndpoint {
        switch redis {
        case .external(let endpoint): endpoint
        case .managed(_, let directory): ManagedRedisServer.endpoint(inDirectory: directory)
        }
    }

    /// A Redis client for this configuration, as the server and the command line use it.
    public func makeRedisClient(logger: Logger) -> RedisClient {
        RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: redisEndpoint,
                maximumConnections: redisPoolSize,
                commandTimeout: redisCommandTimeout,
                connectTimeout: redisConnectTimeout
            ),
            logger: logger
        )
    }

    /// Loads the configuration of a real process: `--set` flags, environment, TOML file, defaults.
    public static func load(
        flags: [String] = [],
        configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> AppConfiguration {
        let sources = try ConfigurationSources.load(flags: flags, configPath: configPath, environment: environment)
        return try AppConfiguration(ResolvedConfiguration(sources))
    }

    /// A configuration from explicit values only (no environment, no file): what tests use.
    public static func testing(_ values: [String: String] = [:]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration(ResolvedConfiguration(ConfigurationSources(flags: values)))
    }
}
