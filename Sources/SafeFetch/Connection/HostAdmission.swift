import Foundation
import RedisClient

/// Per-host limits shared by every process, so one slow or hostile site cannot hold all workers: at most
/// `concurrency` fetches in flight and `rateLimit` starts per window for each host name.
public protocol HostAdmission: Sendable {
    /// Waits briefly for a slot; throws `SafeFetchError.hostBusy` when none frees up in time. The slot is held until
    /// `release` or until `lease` runs out (a process that died holding it).
    func admit(host: String, lease: Duration) async throws -> HostSlot
    func release(_ slot: HostSlot) async
}

/// A held slot of a host's concurrency budget.
public struct HostSlot: Sendable {
    public var host: String
    public var token: String
}

/// No per-host limits: for tools and tests that do not run against Redis.
public struct UnlimitedHostAdmission: HostAdmission {
    public init() {}
    public func admit(host: String, lease: Duration) async throws -> HostSlot { HostSlot(host: host, token: "") }
    public func release(_ slot: HostSlot) async {}
}

/// Slots in a sorted set per host (members are lease tokens scored by their expiry, so a dead process's slot
/// frees itself) and a fixed-window rate counter, both decided in Redis.
public struct RedisHostAdmission: HostAdmission {
    let redis: RedisClient
    let prefix: String
    let concurrency: Int
    let rateLimit: Int
    let rateWindow: Duration
    /// How long `admit` keeps trying for a concurrency slot.
    let patience: Duration

    public init(
        redis: RedisClient, prefix: String, concurrency: Int, rateLimit: Int, rateWindow: Duration,
        patience: Duration = .seconds(2)
    ) {
        self.redis = redis
        self.prefix = prefix
        self.concurrency = concurrency
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
        self.patience = patience
    }

    /// KEYS: slots zset. ARGV: limit, lease ms, token. Returns 1 when the slot was taken.
    static let takeSlot = RedisScript(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """
    )

    public func admit(host: String, lease: Duration) async throws -> HostSlot {
        let limiter = RedisRateLimiter(redis: redis, prefix: prefix + "rate:")
        let decision = try await limiter.hit(key: host, bucket: "fetch", limit: rateLimit, window: rateWindow)
        guard decision.allowed else { throw SafeFetchError.hostBusy(retryAfter: decision.resetAfter) }
        let token = UUID().uuidString
        let giveUp = ContinuousClock.now + patience
        while true {
            let reply = try await redis.run(
                Self.takeSlot, keys: [prefix + "slots:" + host],
                arguments: [max(1, concurrency), max(1, lease.wholeMilliseconds), token]
            )
            if reply.int == 1 { return HostSlot(host: host, token: token) }
            guard ContinuousClock.now < giveUp else { throw SafeFetchError.hostBusy(retryAfter: .seconds(1)) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func release(_ slot: HostSlot) async {
        _ = try? await redis.send("ZREM", prefix + "slots:" + slot.host, slot.token)
    }
}
