import NIOCore
import NIOPosix

/// One connection to Redis: commands are pipelined on it and answered in order.
public final class RedisConnection: Sendable {
    private let channel: any Channel
    public let endpoint: RedisEndpoint

    private init(channel: any Channel, endpoint: RedisEndpoint) {
        self.channel = channel
        self.endpoint = endpoint
    }

    /// Opens a connection and logs in (`AUTH`, `SELECT`) as the endpoint says.
    public static func connect(
        to endpoint: RedisEndpoint,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        timeout: Duration = .seconds(2)
    ) async throws -> RedisConnection {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler())
                }
            }
        let channel: any Channel
        do {
            switch endpoint.address {
            case .tcp(let host, let port):
                channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port).get()
            case .unixSocket(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw RedisError.connectionFailed("\(endpoint): \(error)")
        }
        let connection = RedisConnection(channel: channel, endpoint: endpoint)
        do {
            try await connection.logIn(timeout: timeout)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private func logIn(timeout: Duration) async throws {
        var commands: [RedisCommand] = []
        if let password = endpoint.password {
            commands.append(
                endpoint.username.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password)
            )
        }
        if endpoint.database != 0 {
            commands.append(RedisCommand("SELECT", endpoint.database))
        }
        guard !commands.isEmpty else { return }
        for reply in try await pipeline(commands, timeout: timeout) {
            if case .error(let message) = reply { throw RedisError.server(message) }
        }
    }

    /// False once the connection has closed or failed; such a connection is never reused.
    public var isActive: Bool { channel.isActive }

    /// Sends one command; an error reply comes back as `.error`, not thrown.
    public func send(_ command: RedisCommand, timeout: Duration) async throws -> RESPValue {
        try await pipeline([command], timeout: timeout)[0]
    }

    /// Sends all commands in one write and returns their replies in order (one round trip).
    public func pipeline(_ commands: [RedisCommand], timeout: Duration) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        var payload = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands {
            command.encode(into: &payload)
        }
        let eventLoop = channel.eventLoop
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        let outbound = RedisOutbound(
            payload: payload,
            promises: promises,
            deadline: .now() + TimeAmount(timeout),
            commandName: commands.count == 1 ? commands[0].name : "pipeline of \(commands.count)"
        )
        // A write that never reaches the handler (the channel already closed) would leave the replies waiting.
        let written = eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in
            promises.forEach { $0.fail(RedisError.connectionClosed) }
        }
        channel.writeAndFlush(outbound, promise: written)
        var replies: [RESPValue] = []
        replies.reserveCapacity(promises.count)
        for promise in promises {
            replies.append(try await promise.futureResult.get())
        }
        return replies
    }

    /// Switches the connection to push mode for pub/sub: every reply, and the end of the connection, is reported.
    func enterPushMode(
        receive: @escaping @Sendable (RESPValue) -> Void,
        closed: @escaping @Sendable () -> Void
    ) async throws {
        let event = RedisPushModeEvent(receive: receive, closed: closed)
        try await channel.triggerUserOutboundEvent(event).get()
    }

    /// Writes commands whose replies arrive in push mode.
    func write(_ commands: [RedisCommand]) async throws {
        var payload = channel.allocator.buffer(capacity: 64)
        commands.forEach { $0.encode(into: &payload) }
        let outbound = RedisOutbound(payload: payload, promises: [], deadline: .distantFuture, commandName: "push")
        try await channel.writeAndFlush(outbound).get()
    }

    /// Writes commands whose replies arrive in push mode, without waiting: for synchronous callers. A failed write
    /// closes the connection, which push mode reports.
    func writeSoon(_ commands: [RedisCommand]) {
        var payload = channel.allocator.buffer(capacity: 64)
        commands.forEach { $0.encode(into: &payload) }
        let outbound = RedisOutbound(payload: payload, promises: [], deadline: .distantFuture, commandName: "push")
        channel.writeAndFlush(outbound, promise: nil)
    }

    public func close() async {
        try? await channel.close().get()
    }

    /// Starts closing without waiting, for synchronous callbacks.
    public func closeSoon() {
        channel.close(promise: nil)
    }
}
