import RedisClient

/// How often a failing job runs and how long it waits between runs: exponential backoff with full jitter
/// (each wait is uniform in [0, min(cap, base × 2^(attempt−1))]), so that jobs that failed together do not
/// retry together.
public struct RetryStrategy: Sendable, Equatable {
    /// Runs in total, the first included; 1 never retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(600)) {
        precondition(maxAttempts >= 1, "a job runs at least once")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let never = RetryStrategy(maxAttempts: 1)

    /// The upper bound of the wait after `attempt` failed.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        let grown = baseDelay * (1 << doublings)
        return min(grown, maxDelay)
    }

    /// The wait after `attempt` failed, drawn with full jitter.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterAttempt: attempt).wholeMicroseconds
        guard ceiling > 0 else { return .zero }
        return .microseconds(Int64.random(in: 0...ceiling, using: &generator))
    }

    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}
