import Synchronization

/// The process's one pub/sub connection, shared by every listener: a channel is subscribed once however many wait
/// on it, and unsubscribed when the last one leaves. The connection opens on first use. When it drops, every
/// listener is told (`interrupted`) and the next `listen` or `resume` opens a new one and subscribes again to
/// every channel that still has listeners, so a thousand waiting requests hold one connection, not a thousand.
public final class RedisSubscriber: Sendable {
    /// What a listener receives.
    public enum Event: Sendable, Equatable {
        case message([UInt8])
        /// The connection dropped: messages published until `RedisChannelListener.resume()` returns may be lost.
        case interrupted
    }

    private let connect: @Sendable () async throws -> RedisConnection
    private let state = Mutex(SubscriberState())

    init(connect: @escaping @Sendable () async throws -> RedisConnection) {
        self.connect = connect
    }

    /// Starts listening on `channel`; returns once Redis has confirmed the subscription, so anything published
    /// after this returns is received.
    public func listen(to channel: String) async throws -> RedisChannelListener {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let id = try state.withLock { state throws(RedisError) in try state.addListener(channel, continuation) }
        continuation.onTermination = { [weak self] _ in self?.removeListener(channel, id: id) }
        let listener = RedisChannelListener(channel: channel, stream: stream, subscriber: self)
        do {
            try await subscribe(channel)
        } catch {
            continuation.finish()
            throw error
        }
        return listener
    }

    /// Makes sure `channel` is subscribed on an open connection, reconnecting first when needed (twice at most
    /// when the connection drops before Redis confirms).
    func subscribe(_ channel: String) async throws {
        var attempts = 0
        while true {
            attempts += 1
            let connection = try await openConnection()
            do {
                try await withCheckedThrowingContinuation { (confirmed: CheckedContinuation<Void, any Error>) in
                    let action = state.withLock { $0.confirmation(for: channel, on: connection.id, confirmed) }
                    switch action {
                    case .confirmed: confirmed.resume()
                    case .failed(let error): confirmed.resume(throwing: error)
                    case .send: connection.connection.writeSoon([RedisCommand("SUBSCRIBE", channel)])
                    case .wait: break
                    }
                }
                return
            } catch RedisError.connectionClosed where attempts < 3 {
                continue
            }
        }
    }

    /// The open connection, or a new one with every listened channel subscribed again.
    private func openConnection() async throws -> SubscriberState.OpenConnection {
        while true {
            let step = try await withCheckedThrowingContinuation {
                (ready: CheckedContinuation<SubscriberState.ConnectStep, any Error>) in
                state.withLock { $0.connectionStep(ready) }
            }
            switch step {
            case .open(let open): return open
            case .connectHere(let generation): try await establish(generation: generation)
            }
        }
    }

    /// Opens the connection this caller was chosen to open, puts it in push mode and subscribes the channels that
    /// have listeners; those waiting for it are then woken.
    private func establish(generation: UInt64) async throws {
        let connection: RedisConnection
        do {
            connection = try await connect()
            try await connection.enterPushMode(
                receive: { [weak self] reply in self?.receive(reply) },
                closed: { [weak self] in self?.connectionClosed(generation: generation) }
            )
        } catch {
            let waiters = state.withLock { $0.connectFailed() }
            waiters.forEach { $0.resume(throwing: error) }
            throw error
        }
        guard let (waiters, channels) = state.withLock({ $0.connected(connection, generation: generation) }) else {
            await connection.close()
            throw RedisError.shutDown
        }
        if !channels.isEmpty { connection.writeSoon([RedisCommand("SUBSCRIBE", channels)]) }
        let open = SubscriberState.OpenConnection(connection: connection, id: generation)
        waiters.forEach { $0.resume(returning: .open(open)) }
    }

    private func receive(_ reply: RESPValue) {
        guard let parts = reply.array, let kind = parts.first?.string, parts.count >= 2,
            let channel = parts[1].string
        else { return }
        switch kind {
        case "message" where parts.count == 3:
            let payload = parts[2].bytes ?? []
            for listener in state.withLock({ $0.listeners(of: channel) }) { listener.yield(.message(payload)) }
        case "subscribe":
            for waiter in state.withLock({ $0.confirmed(channel) }) { waiter.resume() }
        default:
            break
        }
    }

    private func connectionClosed(generation: UInt64) {
        guard let (waiters, listeners) = state.withLock({ $0.closed(generation: generation) }) else { return }
        waiters.forEach { $0.resume(throwing: RedisError.connectionClosed) }
        listeners.forEach { $0.yield(.interrupted) }
    }

    private func removeListener(_ channel: String, id: UInt64) {
        let unsubscribeOn = state.withLock { $0.removeListener(channel, id: id) }
        unsubscribeOn?.writeSoon([RedisCommand("UNSUBSCRIBE", channel)])
    }

    /// Closes the connection and ends every listener; later `listen` calls throw `RedisError.shutDown`.
    func shutDown() async {
        let (connection, listeners, connecting, confirming) = state.withLock { $0.shutDown() }
        connecting.forEach { $0.resume(throwing: RedisError.shutDown) }
        confirming.forEach { $0.resume(throwing: RedisError.shutDown) }
        listeners.forEach { $0.finish() }
        await connection?.close()
    }

    /// Channels subscribed on the open connection (for tests and metrics).
    public var subscribedChannelCount: Int { state.withLock { $0.subscribed.count } }
}

/// Messages published on one channel, from the process's shared subscription. Iterating ends when the client shuts
/// down; dropping the iteration leaves the channel (the last listener to leave unsubscribes it).
public struct RedisChannelListener: AsyncSequence, Sendable {
    public typealias Element = RedisSubscriber.Event
    public let channel: String
    private let stream: AsyncStream<RedisSubscriber.Event>
    private let subscriber: RedisSubscriber

    init(channel: String, stream: AsyncStream<RedisSubscriber.Event>, subscriber: RedisSubscriber) {
        self.channel = channel
        self.stream = stream
        self.subscriber = subscriber
    }

    public func makeAsyncIterator() -> AsyncStream<RedisSubscriber.Event>.AsyncIterator {
        stream.makeAsyncIterator()
    }

    /// After `interrupted`: reconnects if nobody has yet and subscribes this channel again; returns once Redis has
    /// confirmed it.
    public func resume() async throws {
        try await subscriber.subscribe(channel)
    }
}
