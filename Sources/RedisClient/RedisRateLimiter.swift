/// Request limits shared by every process through Redis: at most `limit` hits per fixed window for each key
/// (an upload tag and user, say), decided atomically by one Lua script, so two processes can never both take the
/// last slot. Refused hits are not counted, so a client that keeps retrying is let in as soon as the window ends.
public struct RedisRateLimiter: Sendable {
    public let redis: RedisClient
    /// Prefix of the counters' keys (`dcn:rl:`).
    public let prefix: String

    public init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    /// KEYS: counter, and optionally a key to read in the same step. ARGV: limit, window ms, slots wanted, and
    /// optionally how many of the read key's first bytes to read (all when absent). Grants as many of the wanted
    /// slots as the window has left. Returns {slots granted, count, ms until the window ends, the read key's value
    /// (or its first bytes; empty when absent) or nil}.
    static let hitScript = RedisScript(
        """
        local limit = tonumber(ARGV[1])
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then
          count = 0
          ttl = tonumber(ARGV[2])
          redis.call('SET', KEYS[1], 0, 'PX', ttl)
        end
        local granted = math.min(tonumber(ARGV[3]), limit - count)
        if granted > 0 then
          count = redis.call('INCRBY', KEYS[1], granted)
        else
          granted = 0
        end
        local reply = {granted, count, ttl}
        if KEYS[2] then
          if ARGV[4] then
            reply[4] = redis.call('GETRANGE', KEYS[2], 0, tonumber(ARGV[4]) - 1)
          else
            reply[4] = redis.call('GET', KEYS[2])
          end
        end
        return reply
        """
    )

    /// Counts one hit against `key` unless its window is full. `bucket` is the public name reported to clients
    /// (the key may hold a user id, the bucket should not).
    public func hit(key: String, bucket: String, limit: Int, window: Duration) async throws -> RateLimitDecision {
        try await take(1, key: key, bucket: bucket, limit: limit, window: window, reading: nil).decision
    }

    /// Takes up to `slots` of `key`'s window at once (none refuses nothing and counts nothing: a read alone) and
    /// reads `readKey` in the same round trip: a cache read that every request makes anyway costs no second trip to
    /// Redis. With `firstBytes`, only the value's first bytes are read; the value is nil when the key does not
    /// exist. The decision is the first slot's: allowed when at least one was granted.
    public func take(
        _ slots: Int, key: String, bucket: String, limit: Int, window: Duration, reading readKey: String?,
        firstBytes: Int? = nil
    ) async throws -> (decision: RateLimitDecision, granted: Int, value: [UInt8]?) {
        var arguments: [any RESPArgumentConvertible] = [max(1, limit), max(1, window.wholeMilliseconds), max(0, slots)]
        if let firstBytes, readKey != nil { arguments.append(max(1, firstBytes)) }
        let reply = try await redis.run(
            Self.hitScript, keys: [prefix + key] + (readKey.map { [$0] } ?? []), arguments: arguments)
        guard let values = reply.array, values.count >= 3, let granted = values[0].int, let count = values[1].int,
            let remainingMilliseconds = values[2].int
        else { throw RedisError.unexpectedReply(command: "rate limit script", reply: "\(reply)") }
        let decision = RateLimitDecision(
            allowed: granted > 0,
            limit: limit,
            remaining: max(0, limit - count),
            resetAfter: .milliseconds(remainingMilliseconds),
            bucket: bucket
        )
        // GETRANGE answers a missing key with an empty string.
        let value = values.count > 3 ? values[3].bytes.flatMap { $0.isEmpty && firstBytes != nil ? nil : $0 } : nil
        return (decision, granted, value)
    }
}

/// The outcome of one hit (`HTTPSupport.RateLimitHeaders` tells clients about it).
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Until the window ends and the count starts again.
    public var resetAfter: Duration
    public var bucket: String

    public init(allowed: Bool, limit: Int, remaining: Int, resetAfter: Duration, bucket: String) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.bucket = bucket
    }
}
