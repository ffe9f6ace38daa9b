import Foundation
import RedisClient

/// Who is online, shared by every gateway process through Redis: one sorted set per user
/// (`<prefix>:presence:<user>`) holding its live sockets, each scored with the time it expires. Each process
/// renews its sockets every `renewal`; a process that dies stops renewing, and its sockets count as gone once their
/// time is up, so no user stays online for ever.
public struct Presence: Sendable {
    let redis: RedisClient
    let prefix: String
    let lifetime: Duration

    public init(redis: RedisClient, prefix: String, lifetime: Duration = .seconds(30)) {
        self.redis = redis
        self.prefix = prefix + ":presence:"
        self.lifetime = lifetime
    }

    /// How often a process renews its sockets: well inside their lifetime.
    public var renewal: Duration { lifetime / 3 }

    /// KEYS: the user's set. ARGV: now ms, expiry ms, socket, key ttl ms, adding (1) or removing (0). Drops expired
    /// sockets, adds or removes this one, and returns how many live sockets the user has after it.
    static let change = RedisScript(
        """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if ARGV[5] == '1' then
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
        else
          redis.call('ZREM', KEYS[1], ARGV[3])
        end
        return redis.call('ZCARD', KEYS[1])
        """)

    /// Records a socket; true when it is the user's first live one (the user came online).
    public func connect(userID: String, socket: String) async throws -> Bool {
        try await change(userID: userID, socket: socket, adding: true) == 1
    }

    /// Forgets a socket; true when it was the user's last (the user went offline).
    public func disconnect(userID: String, socket: String) async throws -> Bool {
        try await change(userID: userID, socket: socket, adding: false) == 0
    }

    /// Renews this process's sockets, one round trip for all of them.
    public func renew(_ sockets: [(userID: String, socket: String)]) async throws {
        guard !sockets.isEmpty else { return }
        let expiry = Self.milliseconds(Date.now) + lifetime.wholeMilliseconds
        _ = try await redis.pipeline(
            sockets.flatMap { socket in
                [
                    RedisCommand("ZADD", prefix + socket.userID, expiry, socket.socket),
                    RedisCommand("PEXPIRE", prefix + socket.userID, lifetime.wholeMilliseconds),
                ]
            })
    }

    /// The users among `userIDs` with a live socket on any process.
    public func online(_ userIDs: [String]) async throws -> Set<String> {
        guard !userIDs.isEmpty else { return [] }
        let now = Self.milliseconds(Date.now)
        let replies = try await redis.pipeline(userIDs.map { RedisCommand("ZCOUNT", prefix + $0, "(\(now)", "+inf") })
        return Set(zip(userIDs, replies).compactMap { id, reply in ((try? reply.get().int) ?? 0) > 0 ? id : nil })
    }

    private func change(userID: String, socket: String, adding: Bool) async throws -> Int {
        let now = Self.milliseconds(Date.now)
        let reply = try await redis.run(
            Self.change, keys: [prefix + userID],
            arguments: [now, now + lifetime.wholeMilliseconds, socket, lifetime.wholeMilliseconds, adding ? 1 : 0])
        return reply.int ?? 0
    }

    public static func milliseconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }
}
