import Synchronization

/// Slots of a shared rate limit taken from Redis several at a time (`RedisRateLimiter.take`) and spent in this
/// process, so a hit within a lease costs no round trip. Only large limits are leased: a lease is a 64th of the
/// limit (at most 256 slots), and limits under 128 a window are counted in Redis hit by hit as before. A key can then
/// be refused while slots sit unspent in other processes' leases — with N processes, at most (N − 1) leases, (N − 1)/64
/// of its limit — and never let past its limit.
public final class RateLimitLeases: Sendable {
    struct Lease {
        var slots: Int
        /// The window's count in Redis when the lease was taken (the lease's own slots included).
        var count: Int
        var ends: ContinuousClock.Instant
    }

    private let leases = Mutex<[String: Lease]>([:])
    /// At most this many keys hold a lease; past it, the spent and ended ones go first, then all of them (their slots
    /// are lost, which only makes the limit stricter until those windows end).
    let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// How many slots one trip to Redis takes for `limit`.
    public static func size(for limit: Int) -> Int {
        limit >= 128 ? min(256, limit / 64) : 1
    }

    /// Spends one slot of `key`'s lease: the hit's decision, or nil when no slot is left in a live window.
    public func spend(
        _ key: String, limit: Int, bucket: String, now: ContinuousClock.Instant = .now
    ) -> RateLimitDecision? {
        leases.withLock { leases in
            guard var lease = leases[key], lease.slots > 0, lease.ends > now else { return nil }
            lease.slots -= 1
            leases[key] = lease
            return RateLimitDecision(
                allowed: true, limit: limit, remaining: max(0, limit - lease.count) + lease.slots,
                resetAfter: now.duration(to: lease.ends), bucket: bucket)
        }
    }

    /// Keeps the `spare` slots Redis granted beyond the one the hit in hand uses, for the rest of the window.
    public func keep(
        _ key: String, spare: Int, decision: RateLimitDecision, now: ContinuousClock.Instant = .now
    ) {
        guard spare > 0 else { return }
        leases.withLock { leases in
            if leases.count >= capacity, leases[key] == nil {
                leases = leases.filter { $0.value.slots > 0 && $0.value.ends > now }
                if leases.count >= capacity { leases.removeAll() }
            }
            leases[key] = Lease(
                slots: spare, count: decision.limit - decision.remaining, ends: now + decision.resetAfter)
        }
    }
}
