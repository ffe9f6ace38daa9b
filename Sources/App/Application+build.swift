import Gateway
import HTTPSupport
import Hummingbird
import HummingbirdCore
import HummingbirdWSCompression
import HummingbirdWebSocket
import JobQueue
import Logging
import RedisClient
import ServiceLifecycle
import Storage

/// Builds the whole service from a configuration and a set of roles: the clients of the backing services (and the
/// private Redis child when no Redis is configured), the router with the shared middleware and every role's routes,
/// a job worker for the jobs the roles work on, and the roles' services.
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
    let parts = RoleParts(
        configuration: configuration, logger: logger, redis: redis, metadata: metadata,
        blobs: try configuration.blobStore.openStore(logger: logger))

    // In the order AppRole lists them, so a process's routes and services do not depend on how it was asked.
    let running = AppRole.allCases.filter(roles.contains)
    if let worker = try jobWorker(for: running, parts) { services.append(worker) }
    // Roles may share a service (the event bus of `api` and `gateway`): each instance runs once.
    var started: Set<ObjectIdentifier> = []
    for role in running {
        for service in try role.definition.services(parts)
        where started.insert(ObjectIdentifier(service as AnyObject)).inserted {
            services.append(service)
        }
    }

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
    let database = configuration.database
    let blobs = configuration.blobs
    let checks = [
        ReadinessCheck(name: "redis") { try await redis.ping() },
        ReadinessCheck(name: "database") { try await database.checkReachable(logger: logger) },
        ReadinessCheck(name: "blobs") { try await blobs.checkReachable(logger: logger) },
    ]
    HealthController(checks: checks, checkTimeout: .milliseconds(1500), registry: AppMetrics.registry)
        .addRoutes(to: router)
    for role in running { try role.definition.addRoutes(to: router, parts) }
    // WebSocket upgrades have a router of their own (the gateway's); without one the server is plain HTTP/1.
    let webSocketRouter = Router(context: GatewayRequestContext.self)
    var upgrades = false
    for role in running { upgrades = try role.definition.addWebSocketRoutes(to: webSocketRouter, parts) || upgrades }
    let server: HTTPServerBuilder
    if upgrades {
        let webSocketResponder = webSocketRouter.buildResponder()
        let upgradeConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(additionalChannelHandlers: [RequestBodyFlowHandler()]),
            ws: .init(
                maxFrameSize: configuration.gateway.maxFrameBytes,
                extensions: configuration.gateway.compression ? [gatewayCompression(configuration.gateway)] : [],
                // Bonfire clients keep their sockets alive with `Ping` frames and the gateway closes a socket
                // silent for gateway.idle_timeout; a server ping would be a second timer and task per socket.
                autoPing: .disabled))
        server = HTTPServerBuilder { responder in
            SmallFirstReads(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: upgradeConfiguration))
        }
    } else {
        server = .http1(additionalChannelHandlers: [RequestBodyFlowHandler()])
    }

    var app = Application(
        router: router,
        server: server,
        configuration: .init(
            address: .hostname(configuration.httpHost, port: configuration.httpPort),
            serverName: "Discordination",
            availableConnectionsDelegate: MaximumAvailableConnections(ConnectionLimit.current())
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
            "roles": "\(running.map(\.rawValue))",
        ]
    )
    return app
}

/// The job worker of a process, when one of its roles works on jobs: with the handlers of every role for `worker`,
/// of its own role for `cleanup`.
private func jobWorker(for running: [AppRole], _ parts: RoleParts) throws -> JobWorker? {
    let scopes = running.map { role in role.definition.works }
    guard scopes.contains(where: { $0 != .none }) else { return nil }
    let registering =
        scopes.contains(.everyRole)
        ? AppRole.allCases : running.filter { role in role.definition.works == .ownRole }
    var registration = JobRegistration()
    for role in registering { try role.definition.registerJobs(in: &registration, parts) }
    return JobWorker(
        jobs: parts.jobs, registry: registration.registry, recurring: registration.recurring,
        configuration: parts.configuration.jobs, logger: parts.logger)
}
