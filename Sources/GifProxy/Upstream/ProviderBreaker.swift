import Synchronization

/// This process's circuit breaker toward the provider, shared by every `gif.fetch` job the process runs. When it
/// opens, `GifFetcher` also holds every other process back through Redis for the cooldown.
public final class ProviderBreaker: Sendable {
    private let machine: Mutex<CircuitBreaker>

    public init(threshold: Int, cooldown: Duration) {
        machine = Mutex(CircuitBreaker(threshold: threshold, cooldown: cooldown))
    }

    public func decide() -> CircuitBreaker.Decision {
        machine.withLock { $0.decide(now: .now) }
    }

    public func succeeded() { machine.withLock { $0.succeeded() } }
    /// Records a failure; true when it opened the breaker.
    @discardableResult
    public func failed() -> Bool {
        machine.withLock { machine in
            machine.failed(now: .now)
            if case .open = machine.state { return true }
            return false
        }
    }
    public func settledWithoutVerdict() { machine.withLock { $0.settledWithoutVerdict() } }

    public var state: CircuitBreaker.State { machine.withLock { $0.state } }
}
