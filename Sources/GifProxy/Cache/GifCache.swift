import Foundation
import HTTPSupport
import JobQueue
import RedisClient
import Storage

/// Provider answers shared by every process through Redis, each under its query's digest with the time it was
/// fetched, kept past freshness for the stale windows; the holds that keep every process away from the provider
/// (after a 429, or while a breaker is open); and the records of mirrored media files.
public struct GifCache: Sendable {
    let redis: RedisClient
    /// `dcn:gifs:`
    let prefix: String
    /// Milliseconds since 1970: what answers are stamped and aged with (tests move it ahead instead of sleeping).
    let now: @Sendable () -> Int64

    public init(redis: RedisClient, prefix: String, now: @escaping @Sendable () -> Int64 = WallClock.nowMilliseconds) {
        self.redis = redis
        self.prefix = prefix
        self.now = now
    }

    /// A kept answer (its JSON, decoded only when needed) and how old it is.
    public struct Kept: Sendable {
        public var json: ArraySlice<UInt8>
        public var age: Duration
        /// When it was fetched, in milliseconds since 1970: names the answer a refresh replaces.
        public var fetchedAt: Int64

        public func answer() throws -> GifAnswer {
            try JSONDecoder().decode(GifAnswer.self, from: Data(json))
        }
    }

    /// A stored entry (`fetched-at-ms\n` + JSON) as read from Redis (under `answerKey`, by the rate-limit script).
    public func kept(_ bytes: [UInt8]) -> Kept? {
        guard let stamp = stamp(bytes), let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        return Kept(json: bytes[(newline + 1)...], age: stamp.age, fetchedAt: stamp.fetchedAt)
    }

    /// How many bytes of a stored entry hold its stamp (`fetched-at-ms\n`), with room to spare.
    public static let stampLength = 24

    /// When a stored entry was fetched and how old it is, from its first bytes (at least up to the newline).
    public func stamp(_ head: [UInt8]) -> (fetchedAt: Int64, age: Duration)? {
        guard let newline = head.firstIndex(of: 0x0A),
            let fetchedAt = Int64(String(decoding: head[..<newline], as: UTF8.self))
        else { return nil }
        return (fetchedAt, age(fetchedAt))
    }

    /// How old an answer fetched at `fetchedAt` (milliseconds since 1970) is.
    public func age(_ fetchedAt: Int64) -> Duration {
        .milliseconds(max(0, now() - fetchedAt))
    }

    /// The first `stampLength` bytes of the entry under `key` (an `answerKey`), or nil when there is none.
    public func stampBytes(_ key: String) async throws -> [UInt8]? {
        try await redis.send("GETRANGE", key, 0, Self.stampLength - 1).bytes.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The whole kept answer for `digest`, or nil.
    public func kept(_ digest: String) async throws -> Kept? {
        try await redis.send("GET", answerKey(digest)).bytes.flatMap(kept)
    }

    /// Keeps `answer` for `keepFor` (freshness plus the stale windows), stamped with the time now.
    public func store(_ answer: GifAnswer, digest: String, keepFor: Duration) async throws {
        let bytes = Array("\(now())\n".utf8) + (try JSONCoding.encode(answer))
        _ = try await redis.send("SET", answerKey(digest), bytes, "PX", max(1, keepFor.wholeMilliseconds))
    }

    /// Why every process leaves the provider alone for a while.
    public enum Hold: String, Sendable {
        /// The provider answered 429; held for its `Retry-After`.
        case rateLimited = "backoff"
        /// A process's circuit breaker opened; held for the breaker's cooldown.
        case breakerOpen = "breaker"
    }

    /// How long the provider is still left alone for `hold`, or nil.
    public func remaining(_ hold: Hold) async throws -> Duration? {
        guard let remaining = try await redis.send("PTTL", prefix + hold.rawValue).int, remaining > 0 else {
            return nil
        }
        return .milliseconds(remaining)
    }

    public func set(_ hold: Hold, for duration: Duration) async throws {
        _ = try await redis.send("SET", prefix + hold.rawValue, "1", "PX", max(1, duration.wholeMilliseconds))
    }

    public func clear(_ hold: Hold) async throws {
        _ = try await redis.send("DEL", prefix + hold.rawValue)
    }

    public func media(_ digest: String) async throws -> MirroredMedia? {
        guard let bytes = try await redis.send("GET", prefix + "media:" + digest).bytes else { return nil }
        return try? JSONDecoder().decode(MirroredMedia.self, from: Data(bytes))
    }

    public func setMedia(_ media: MirroredMedia, digest: String, ttl: Duration) async throws {
        _ = try await redis.send(
            "SET", prefix + "media:" + digest, try JSONCoding.encode(media), "PX", max(1, ttl.wholeMilliseconds))
    }

    public func forgetMedia(_ digest: String) async throws {
        _ = try await redis.send("DEL", prefix + "media:" + digest)
    }

    public func answerKey(_ digest: String) -> String { prefix + "answer:" + digest }
}
