/// The circuit breaker toward the provider as a pure state machine: closed while calls succeed; open for
/// `cooldown` after `threshold` failures in a row, refusing calls at once; then half-open, letting exactly one probe
/// through, whose outcome closes or re-opens it. The caller supplies the time and acts on the decisions.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        /// One probe is out (`probing`), or the cooldown ended and the next call will be the probe.
        case halfOpen(probing: Bool)
    }

    public enum Decision: Sendable, Equatable {
        case proceed
        /// The one call let through to test a provider that was failing.
        case probe
        case reject(retryAfter: Duration)
    }

    public let threshold: Int
    public let cooldown: Duration
    public private(set) var state: State = .closed(failures: 0)

    public init(threshold: Int, cooldown: Duration) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
    }

    /// Whether a call may go to the provider now.
    public mutating func decide(now: ContinuousClock.Instant) -> Decision {
        switch state {
        case .closed:
            return .proceed
        case .open(let until) where now < until:
            return .reject(retryAfter: now.duration(to: until))
        case .open, .halfOpen(probing: false):
            state = .halfOpen(probing: true)
            return .probe
        case .halfOpen(probing: true):
            return .reject(retryAfter: cooldown)
        }
    }

    /// The call succeeded: the provider is well.
    public mutating func succeeded() {
        state = .closed(failures: 0)
    }

    /// The call failed in a way that says the provider is unwell.
    public mutating func failed(now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now + cooldown) : .closed(failures: failures + 1)
        case .halfOpen:
            state = .open(until: now + cooldown)
        case .open:
            break
        }
    }

    /// The call ended in a way that says nothing of the provider's health (a bad cursor, a 429): a probe's slot is
    /// handed back so the next call probes instead.
    public mutating func settledWithoutVerdict() {
        if case .halfOpen(probing: true) = state { state = .halfOpen(probing: false) }
    }
}
