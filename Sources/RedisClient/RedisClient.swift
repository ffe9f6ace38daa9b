import Logging
import NIOCore
import NIOPosix

/// The async Redis client: pooled connections, pipelines, scripts, dedicated connections for blocking reads,
/// and pub/sub.
public final class RedisClient: Sendable {
    public let configuration: RedisClientConfiguration
    private let pool: RedisConnectionPool
    private let eventLoopGroup: any EventLoopGroup
    private let loops: CallerLoop
    /// The process's one shared pub/sub connection (opened on first use).
    public let subscriber: RedisSubscriber

    public init(
        configuration: RedisClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.loops = CallerLoop(eventLoopGroup)
        self.pool = RedisConnectionPool(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.subscriber = RedisSubscriber {
            try await RedisConnection.connect(
                to: configuration.endpoint, eventLoopGroup: eventLoopGroup, timeout: configuration.connectTimeout)
        }
    }

    /// Sends one command on a pooled connection; an error reply is thrown as `RedisError.server`.
    @discardableResult
    public func send(_ command: RedisCommand, timeout: Duration? = nil) async throws -> RESPValue {
        let timeout = timeout ?? configuration.commandTimeout
        let reply = try await pool.withConnection(deadline: .now + timeout) { connection in
            try await connection.send(command, timeout: timeout)
        }
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    @discardableResult
    public func send(_ name: String, _ arguments: any RESPArgumentConvertible...) async throws -> RESPValue {
        try await send(RedisCommand(name, arguments))
    }

    /// Sends all commands in one round trip on one connection. Each element is that command's reply or its error
    /// reply; a connection failure throws.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [Result<RESPValue, RedisError>] {
        let timeout = configuration.commandTimeout
        let replies = try await pool.withConnection(deadline: .now + timeout) { connection in
            try await connection.pipeline(commands, timeout: timeout)
        }
        return replies.map { reply in
            if case .error(let message) = reply { return .failure(.server(message)) }
            return .success(reply)
        }
    }

    /// Runs `body` on a connection of its own, outside the pool, closed afterwards: for blocking commands
    /// (`XREADGROUP … BLOCK`, `BLPOP`) that must not hold up other callers.
    public func withDedicatedConnection<T>(_ body: (RedisConnection) async throws -> T) async throws -> T {
        let connection = try await makeDedicatedConnection()
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A loop to keep a caller's work on: its own when it runs on one of the client's, else one the group picks.
    /// Connections the caller then opens (pooled or dedicated) are on that loop.
    public var loopForCaller: any EventLoop { loops.current ?? eventLoopGroup.next() }

    /// Opens a dedicated connection for blocking reads, on the caller's loop when it runs on one of the client's;
    /// the caller closes it.
    public func makeDedicatedConnection() async throws -> RedisConnection {
        try await RedisConnection.connect(
            to: configuration.endpoint,
            eventLoopGroup: loops.forNewConnection,
            timeout: configuration.connectTimeout
        )
    }

    /// `PING`, answered `PONG` by a reachable server.
    public func ping() async throws {
        let reply = try await send(RedisCommand("PING"))
        guard reply.string == "PONG" else {
            throw RedisError.unexpectedReply(command: "PING", reply: "\(reply)")
        }
    }

    /// Closes pooled connections and the shared subscription; later commands fail with `RedisError.shutDown`.
    public func shutDown() async {
        await subscriber.shutDown()
        await pool.shutDown()
    }
}
