import NIOCore
import NIOPosix

/// One connection to Redis: commands are pipelined on it and answered in order.
public final class RedisConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>
    public let endpoint: RedisEndpoint

    private init(channel: any Channel, handler: NIOLoopBound<RedisChannelHandler>, endpoint: RedisEndpoint) {
        self.channel = channel
        self.handler = handler
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
        let handler: NIOLoopBound<RedisChannelHandler>
        do {
            switch endpoint.address {
            case .tcp(let host, let port):
                channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port).get()
            case .unixSocket(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
            handler = try await channel.eventLoop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self),
                    eventLoop: channel.eventLoop)
            }.get()
        } catch {
            throw RedisError.connectionFailed("\(endpoint): \(error)")
        }
        let connection = RedisConnection(channel: channel, handler: handler, endpoint: endpoint)
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

    /// The loop the connection's I/O runs on; callers already on it make round trips without a thread hop.
    public var eventLoop: any EventLoop { channel.eventLoop }

    /// False once the connection has closed or failed; such a connection is never reused.
    public var isActive: Bool { channel.isActive }

    /// Sends one command; an error reply comes back as `.error`, not thrown.
    public func send(_ command: RedisCommand, timeout: Duration) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        write(commands: CollectionOfOne(command), promises: .one(promise), timeout: timeout)
        return try await promise.futureResult.get()
    }

    /// Sends all commands in one write and returns their replies in order (one round trip).
    public func pipeline(_ commands: [RedisCommand], timeout: Duration) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        if commands.count == 1 { return [try await send(commands[0], timeout: timeout)] }
        let eventLoop = channel.eventLoop
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        write(commands: commands, promises: .many(promises), timeout: timeout)
        var replies: [RESPValue] = []
        replies.reserveCapacity(promises.count)
        for promise in promises {
            replies.append(try await promise.futureResult.get())
        }
        return replies
    }

    private func write(
        commands: some Collection<RedisCommand>,
        promises: RedisReplyPromises,
        timeout: Duration
    ) {
        var payload = channel.allocator.buffer(capacity: 0)
        for command in commands {
            command.encode(into: &payload)
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let label = RedisWriteLabel(firstCommand: commands.first?.givenName ?? "", count: commands.count)
        // On the channel's own loop (the usual case: see `GlobalExecutor`) the write happens here and now.
        if channel.eventLoop.inEventLoop {
            handler.value.send(payload, promises: promises, deadline: deadline, label: label)
        } else {
            channel.eventLoop.execute { [handler] in
                handler.value.send(payload, promises: promises, deadline: deadline, label: label)
            }
        }
    }

    /// Switches the connection to push mode for pub/sub: every reply, and the end of the connection, is reported.
    func enterPushMode(
        receive: @escaping @Sendable (RESPValue) -> Void,
        closed: @escaping @Sendable () -> Void
    ) async throws {
        let event = RedisPushModeEvent(receive: receive, closed: closed)
        try await channel.eventLoop.submit { [handler] in handler.value.enterPushMode(event) }.get()
    }

    /// Writes commands whose replies arrive in push mode.
    func write(_ commands: [RedisCommand]) async throws {
        let payload = pushPayload(commands)
        try await channel.eventLoop.submit { [handler] in
            guard handler.value.send(payload, promises: .none, deadline: .distantFuture, label: Self.pushLabel) else {
                throw RedisError.connectionClosed
            }
        }.get()
    }

    /// Writes commands whose replies arrive in push mode, without waiting: for synchronous callers. A write on a
    /// closed connection is dropped; push mode reports the close.
    func writeSoon(_ commands: [RedisCommand]) {
        let payload = pushPayload(commands)
        channel.eventLoop.execute { [handler] in
            handler.value.send(payload, promises: .none, deadline: .distantFuture, label: Self.pushLabel)
        }
    }

    private static let pushLabel = RedisWriteLabel(firstCommand: "push", count: 1)

    private func pushPayload(_ commands: [RedisCommand]) -> ByteBuffer {
        var payload = channel.allocator.buffer(capacity: 0)
        commands.forEach { $0.encode(into: &payload) }
        return payload
    }

    public func close() async {
        try? await channel.close().get()
    }

    /// Starts closing without waiting, for synchronous callbacks.
    public func closeSoon() {
        channel.close(promise: nil)
    }
}
