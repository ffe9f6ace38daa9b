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

    /// The set of online users, each scored with its latest socket's expiry: where `lapsed` finds the users of a
    /// process that died.
    var onlineKey: String { prefix + "users" }

    /// KEYS: the user's set, the online users. ARGV: now ms, expiry ms, socket, key ttl ms, adding (1) or removing
    /// (0), user. Drops expired sockets, adds or removes this one, keeps the user's entry among the online users, and
    /// returns how many live sockets the user has after it.
    static let change = RedisScript(
        """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if ARGV[5] == '1' then
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[6])
        else
          redis.call('ZREM', KEYS[1], ARGV[3])
        end
        local live = redis.call('ZCARD', KEYS[1])
        if live == 0 then redis.call('ZREM', KEYS[2], ARGV[6]) end
        return live
        """)

    /// KEYS: the online users. ARGV: now ms, the prefix of users' sets, at most how many. Takes the users whose
    /// every socket has expired off the online set and returns them; a user with a live socket left gets its entry
    /// back with that socket's expiry. Atomic, so of several processes sweeping at once exactly one reports each.
    static let sweep = RedisScript(
        """
        local gone = {}
        for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))) do
          local key = ARGV[2] .. user
          redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
          redis.call('ZREM', KEYS[1], user)
          local latest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if latest[2] then redis.call('ZADD', KEYS[1], latest[2], user) else table.insert(gone, user) end
        end
        return gone
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
                    RedisCommand("ZADD", onlineKey, "GT", expiry, socket.userID),
                ]
            })
    }

    /// Users who were online and whose every socket has since expired without closing (their process died): each
    /// is reported once, to one caller, which then tells the others they went offline.
    public func lapsed(limit: Int = 500) async throws -> [String] {
        let reply = try await redis.run(
            Self.sweep, keys: [onlineKey], arguments: [Self.milliseconds(Date.now), prefix, limit])
        return reply.array?.compactMap(\.string) ?? []
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
            Self.change, keys: [prefix + userID, onlineKey],
            arguments: [
                now, now + lifetime.wholeMilliseconds, socket, lifetime.wholeMilliseconds, adding ? 1 : 0, userID,
            ])
        return reply.int ?? 0
    }

    public static func milliseconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }
}
