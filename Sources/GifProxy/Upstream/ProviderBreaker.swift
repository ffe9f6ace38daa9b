import Synchronization

/// This process's circuit breaker toward the provider, shared by every `gif.fetch` job the process runs.
public final class ProviderBreaker: Sendable {
    private let machine: Mutex<CircuitBreaker>

    public init(threshold: Int, cooldown: Duration) {
        machine = Mutex(CircuitBreaker(threshold: threshold, cooldown: cooldown))
    }

    public func decide() -> CircuitBreaker.Decision {
        machine.withLock { $0.decide(now: .now) }
    }

    public func succeeded() { machine.withLock { $0.succeeded() } }
    public func failed() { machine.withLock { $0.failed(now: .now) } }
    public func settledWithoutVerdict() { machine.withLock { $0.settledWithoutVerdict() } }

    public var state: CircuitBreaker.State { machine.withLock { $0.state } }
}
