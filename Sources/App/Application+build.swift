import FileServer
import HTTPSupport
import Hummingbird
import JobQueue
import Logging
import RedisClient
import SafeFetch
import ServiceLifecycle
import Storage

/// Builds the whole service from a configuration: the router, the readiness checks, and the services that run
/// beside the HTTP server (the private Redis child when no Redis is configured, the Redis client, the job worker).
public func buildApplication(
    _ configuration: AppConfiguration,
    roles: Set<AppRole> = Set(AppRole.allCases),
    logger: Logger = Logger(label: "discordination")
) throws -> some ApplicationProtocol {
    var services: [any Service] = []
    let redisEndpoint: RedisEndpoint
    var managedRedis: ManagedRedisServer?
    switch configuration.redis {
    case .external(let endpoint):
        redisEndpoint = endpoint
    case .managed(let binary, let directory):
        let server = try ManagedRedisServer(directory: directory, binary: binary, logger: logger)
        services.append(server)
        redisEndpoint = server.endpoint
        managedRedis = server
    }
    let redis = configuration.makeRedisClient(logger: logger)
    services.append(RedisClientService(client: redis))

    let metadata = try MetadataStore(location: configuration.database, logger: logger)
    services.append(metadata)

    let jobs = JobQueue(redis: redis, namespace: configuration.jobsNamespace, logger: logger)
    let blobStore = try configuration.blobStore.openStore(logger: logger)
    if roles.contains(.worker) || roles.contains(.cleanup) {
        var registry = JobRegistry()
        var recurring: [RecurringJob] = []
        if roles.contains(.worker) {
            registry = BuiltInJobs.registry(consumer: configuration.jobs.consumerName)
            MediaJobs.register(
                in: &registry,
                processor: MediaProcessor(
                    blobs: blobStore, metadata: metadata, pipelines: configuration.pipelines,
                    keepOriginals: configuration.files.keepOriginals,
                    decodeBudget: MemoryBudget(limit: configuration.files.decodeMemory), logger: logger
                )
            )
            let connector = try NIOFetchConnector()
            let fetcher = makeSafeFetcher(configuration, redis: redis, connector: connector)
            registerLinkJobs(
                in: &registry, configuration, redis: redis, fetcher: fetcher, blobs: blobStore, logger: logger)
            registerGifJobs(
                in: &registry, configuration, redis: redis, fetcher: fetcher, connector: connector, blobs: blobStore,
                logger: logger)
        }
        try registerCleanup(
            in: &registry, recurring: &recurring, configuration, metadata: metadata, blobs: blobStore, redis: redis,
            logger: logger)
        services.append(
            JobWorker(
                jobs: jobs,
                registry: registry,
                recurring: recurring,
                configuration: configuration.jobs,
                logger: logger
            )
        )
    }

    let database = configuration.database
    let blobs = configuration.blobs
    let checks = [
        ReadinessCheck(name: "redis") { try await redis.ping() },
        ReadinessCheck(name: "database") { try await database.checkReachable(logger: logger) },
        ReadinessCheck(name: "blobs") { try await blobs.checkReachable(logger: logger) },
    ]

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
    HealthController(checks: checks, checkTimeout: .milliseconds(1500), registry: AppMetrics.registry)
        .addRoutes(to: router)

    if roles.contains(.files) {
        addFileServer(
            to: router, configuration, blobs: blobStore, metadata: metadata, redis: redis, jobs: jobs, logger: logger
        )
    }

    if roles.contains(.proxy) {
        addLinkProxy(to: router, configuration, redis: redis, jobs: jobs, blobs: blobStore, logger: logger)
    }

    if roles.contains(.gifs) {
        addGifProxy(
            to: router, configuration, metadata: metadata, redis: redis, jobs: jobs, blobs: blobStore, logger: logger)
    }

    var app = Application(
        router: router,
        server: .http1(additionalChannelHandlers: [RequestBodyFlowHandler()]),
        configuration: .init(
            address: .hostname(configuration.httpHost, port: configuration.httpPort),
            serverName: "Discordination"
        ),
        services: services,
        logger: logger
    )
    if let managedRedis {
        app.beforeServerStarts { try await managedRedis.waitUntilAnswering() }
    }
    app.beforeServerStarts {
        try await StoresStartUp(configuration: configuration, metadata: metadata, logger: logger).run()
    }
    logger.info(
        "discordination configured",
        metadata: [
            "http": "\(configuration.httpHost):\(configuration.httpPort)",
            "redis": "\(redisEndpoint)",
            "database": "\(database)",
            "blobs": "\(blobs)",
            "roles": "\(roles.map(\.rawValue).sorted())",
        ]
    )
    return app
}
