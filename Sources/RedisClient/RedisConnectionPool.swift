import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A bounded pool of Redis connections shared by all callers of a `RedisClient`.
final class RedisConnectionPool: Sendable {
    private enum Grant {
        case connection(RedisConnection)
        case connect(delay: Duration)
    }

    private struct State {
        var machine: ConnectionPoolStateMachine<RedisConnection>
        var continuations: [Int: CheckedContinuation<Grant, any Error>] = [:]
        /// Grants that reached a waiter before it stored its continuation.
        var early: [Int: Grant] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>
    private let endpoint: RedisEndpoint
    private let eventLoopGroup: any EventLoopGroup
    private let loops: CallerLoop
    private let connectTimeout: Duration
    private let logger: Logger

    init(configuration: RedisClientConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.endpoint = configuration.endpoint
        self.eventLoopGroup = eventLoopGroup
        self.loops = CallerLoop(eventLoopGroup)
        self.connectTimeout = configuration.connectTimeout
        self.logger = logger
        self.state = Mutex(
            State(
                machine: ConnectionPoolStateMachine(
                    maximumConnections: configuration.maximumConnections,
                    backoff: .init(base: configuration.reconnectBackoffBase, maximum: configuration.reconnectBackoffMax)
                )
            )
        )
    }

    private static var jitter: Double { Double.random(in: 0.5...1) }

    /// Runs `body` with a connection from the pool; the connection returns to the pool afterwards, or is dropped
    /// if it broke.
    func withConnection<T>(
        deadline: ContinuousClock.Instant,
        _ body: (RedisConnection) async throws -> T
    ) async throws -> T {
        let connection = try await lease(deadline: deadline)
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    private func lease(deadline: ContinuousClock.Instant) async throws -> RedisConnection {
        while true {
            let connection = try await leaseOnce(deadline: deadline)
            if connection.isActive { return connection }
            // Closed while idle (server restart, idle timeout): drop it and ask again.
            release(connection)
        }
    }

    private func leaseOnce(deadline: ContinuousClock.Instant) async throws -> RedisConnection {
        let (waiter, action) = state.withLock { state in
            state.nextWaiter += 1
            let action = state.machine.lease(
                waiter: state.nextWaiter, jitter: Self.jitter, preferring: { $0.eventLoop.inEventLoop },
                openForPreference: loops.current != nil)
            return (state.nextWaiter, action)
        }
        let grant: Grant
        switch action {
        case .use(let connection): return connection
        case .fail: throw RedisError.shutDown
        case .connect(let delay): grant = .connect(delay: delay)
        case .wait: grant = try await waitForGrant(waiter: waiter, deadline: deadline)
        }
        switch grant {
        case .connection(let connection):
            return connection
        case .connect(let delay):
            return try await openConnection(after: delay)
        }
    }

    private func waitForGrant(waiter: Int, deadline: ContinuousClock.Instant) async throws -> Grant {
        let timeout = eventLoopGroup.any().scheduleTask(in: TimeAmount(ContinuousClock.now.duration(to: deadline))) {
            self.abandon(waiter: waiter, with: RedisError.timeout(command: "connection from the pool"))
        }
        defer { timeout.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<Grant, any Error>? in
                    if let grant = state.early.removeValue(forKey: waiter) { return .success(grant) }
                    guard state.machine.waiters.contains(waiter) else {
                        return .failure(RedisError.timeout(command: "connection from the pool"))
                    }
                    state.continuations[waiter] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            abandon(waiter: waiter, with: CancellationError())
        }
    }

    private func abandon(waiter: Int, with error: any Error) {
        let continuation = state.withLock { state -> CheckedContinuation<Grant, any Error>? in
            guard state.machine.cancelWaiter(waiter) else { return nil }
            return state.continuations.removeValue(forKey: waiter)
        }
        continuation?.resume(throwing: error)
    }

    private func openConnection(after delay: Duration) async throws -> RedisConnection {
        do {
            if delay > .zero { try await Task.sleep(for: delay) }
            let connection = try await RedisConnection.connect(
                to: endpoint,
                eventLoopGroup: loops.forNewConnection,
                timeout: connectTimeout
            )
            state.withLock { $0.machine.connected() }
            return connection
        } catch {
            logger.warning("redis connect failed", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
            let action = state.withLock { $0.machine.connectFailed(jitter: Self.jitter) }
            perform(action)
            throw error
        }
    }

    private func release(_ connection: RedisConnection) {
        let action = state.withLock {
            $0.machine.release(connection, reusable: connection.isActive, jitter: Self.jitter)
        }
        perform(action)
    }

    private func perform(_ action: ConnectionPoolStateMachine<RedisConnection>.WaiterAction) {
        switch action {
        case .none:
            return
        case .hand(let connection, let waiter):
            resume(waiter: waiter, with: .connection(connection))
        case .letConnect(let waiter, let delay):
            resume(waiter: waiter, with: .connect(delay: delay))
        }
    }

    private func resume(waiter: Int, with grant: Grant) {
        let continuation = state.withLock { state in
            guard let continuation = state.continuations.removeValue(forKey: waiter) else {
                state.early[waiter] = grant
                return nil as CheckedContinuation<Grant, any Error>?
            }
            return continuation
        }
        continuation?.resume(returning: grant)
    }

    /// Closes idle connections and fails waiting callers; connections in use close when they come back.
    func shutDown() async {
        let (idle, waiters) = state.withLock { state in
            let result = state.machine.shutDown()
            let continuations = result.fail.compactMap { state.continuations.removeValue(forKey: $0) }
            return (result.close, continuations)
        }
        waiters.forEach { $0.resume(throwing: RedisError.shutDown) }
        for connection in idle {
            await connection.close()
        }
    }
}
