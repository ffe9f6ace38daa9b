/// The bookkeeping of `RedisSubscriber`, apart from its I/O: the shared connection's lifecycle, who listens on
/// which channel, and which subscriptions Redis has confirmed. Every method runs under the subscriber's lock and
/// returns what the caller must do (resume, send, yield) once the lock is released.
struct SubscriberState {
    struct OpenConnection: Sendable {
        let connection: RedisConnection
        /// Which connection of the subscriber's life this is; callbacks of an older one are ignored.
        let id: UInt64
    }

    enum ConnectStep: Sendable {
        case open(OpenConnection)
        /// Nobody is connecting: this caller opens connection number `generation`.
        case connectHere(generation: UInt64)
    }

    enum ConfirmAction {
        case confirmed
        case failed(RedisError)
        /// Send `SUBSCRIBE`; the confirmation wakes the caller.
        case send
        /// A `SUBSCRIBE` is on its way already; its confirmation wakes the caller.
        case wait
    }

    typealias Listener = AsyncStream<RedisSubscriber.Event>.Continuation
    typealias ConnectWaiter = CheckedContinuation<ConnectStep, any Error>
    typealias ConfirmWaiter = CheckedContinuation<Void, any Error>

    enum Link {
        case idle
        case connecting(waiters: [ConnectWaiter])
        case open(OpenConnection)
        case shutDown
    }

    var link = Link.idle
    var generation: UInt64 = 0
    var listeners: [String: [UInt64: Listener]] = [:]
    /// Channels Redis has confirmed on the open connection.
    var subscribed: Set<String> = []
    /// Channels whose `SUBSCRIBE` is on its way, with the callers waiting for it.
    var pending: [String: [ConfirmWaiter]] = [:]
    /// Confirmations still to come for channels that were left before theirs arrived: they confirm nothing.
    var staleConfirmations: [String: Int] = [:]
    var nextListener: UInt64 = 0

    mutating func addListener(_ channel: String, _ listener: Listener) throws(RedisError) -> UInt64 {
        if case .shutDown = link { throw .shutDown }
        nextListener += 1
        listeners[channel, default: [:]][nextListener] = listener
        return nextListener
    }

    /// Hands the caller the open connection, queues it behind a connect in progress, or makes it the one to connect.
    mutating func connectionStep(_ ready: ConnectWaiter) {
        switch link {
        case .open(let open):
            ready.resume(returning: .open(open))
        case .connecting(var waiters):
            waiters.append(ready)
            link = .connecting(waiters: waiters)
        case .idle:
            generation += 1
            link = .connecting(waiters: [])
            ready.resume(returning: .connectHere(generation: generation))
        case .shutDown:
            ready.resume(throwing: RedisError.shutDown)
        }
    }

    mutating func connectFailed() -> [ConnectWaiter] {
        guard case .connecting(let waiters) = link else { return [] }
        link = .idle
        return waiters
    }

    /// The new connection is open: the waiters get it, and every channel with listeners is to be subscribed on it.
    /// Nil when the subscriber shut down meanwhile (the caller closes the connection).
    mutating func connected(
        _ connection: RedisConnection, generation: UInt64
    ) -> (waiters: [ConnectWaiter], channels: [String])? {
        guard case .connecting(let waiters) = link else { return nil }
        link = .open(OpenConnection(connection: connection, id: generation))
        let channels = listeners.keys.sorted()
        for channel in channels { pending[channel] = [] }
        return (waiters, channels)
    }

    mutating func confirmation(for channel: String, on id: UInt64, _ waiter: ConfirmWaiter) -> ConfirmAction {
        guard case .open(let open) = link, open.id == id else { return .failed(.connectionClosed) }
        if subscribed.contains(channel) { return .confirmed }
        if pending[channel] != nil {
            pending[channel]?.append(waiter)
            return .wait
        }
        pending[channel] = [waiter]
        return .send
    }

    /// Redis confirmed a `SUBSCRIBE` of `channel`: those waiting for it are woken.
    mutating func confirmed(_ channel: String) -> [ConfirmWaiter] {
        if let stale = staleConfirmations[channel] {
            staleConfirmations[channel] = stale > 1 ? stale - 1 : nil
            return []
        }
        guard let waiters = pending.removeValue(forKey: channel) else { return [] }
        if listeners[channel] != nil { subscribed.insert(channel) }
        return waiters
    }

    func listeners(of channel: String) -> [Listener] {
        listeners[channel].map { Array($0.values) } ?? []
    }

    /// A listener left; when it was the channel's last, returns the connection to send `UNSUBSCRIBE` on.
    mutating func removeListener(_ channel: String, id: UInt64) -> RedisConnection? {
        listeners[channel]?[id] = nil
        guard listeners[channel]?.isEmpty ?? false else { return nil }
        listeners[channel] = nil
        guard case .open(let open) = link else { return nil }
        if subscribed.remove(channel) != nil { return open.connection }
        if let waiting = pending[channel], waiting.isEmpty {
            pending[channel] = nil
            staleConfirmations[channel, default: 0] += 1
            return open.connection
        }
        return nil
    }

    /// The connection `generation` closed: subscriptions in flight fail and every listener is told. Nil when it was
    /// an older connection than the current one.
    mutating func closed(generation: UInt64) -> (waiters: [ConfirmWaiter], listeners: [Listener])? {
        guard case .open(let open) = link, open.id == generation else { return nil }
        link = .idle
        subscribed = []
        staleConfirmations = [:]
        let waiters = pending.values.flatMap { $0 }
        pending = [:]
        return (waiters, listeners.values.flatMap { $0.values })
    }

    /// Ends everything: returns the connection to close, the listeners to finish and the callers to fail.
    mutating func shutDown() -> (
        connection: RedisConnection?, listeners: [Listener], connecting: [ConnectWaiter], confirming: [ConfirmWaiter]
    ) {
        var connection: RedisConnection?
        var connecting: [ConnectWaiter] = []
        switch link {
        case .open(let open): connection = open.connection
        case .connecting(let waiters): connecting = waiters
        case .idle, .shutDown: break
        }
        link = .shutDown
        let all = listeners.values.flatMap { $0.values }
        let confirming = pending.values.flatMap { $0 }
        listeners = [:]
        subscribed = []
        pending = [:]
        return (connection, all, connecting, confirming)
    }
}
