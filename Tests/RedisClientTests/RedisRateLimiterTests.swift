import Foundation
import TestSupport
import Testing

@testable import RedisClient

/// Against the real redis-server: the limit holds across clients racing for the last slots, and reopens.
@Suite struct RedisRateLimiterTests {
    let prefix = "test:rl:\(UUID().uuidString.prefix(8)):"

    func client() throws -> RedisClient {
        RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
    }

    @Test func hitsAreCountedUntilTheWindowIsFullThenRefusedUntilItEnds() async throws {
        let redis = try client()
        let limiter = RedisRateLimiter(redis: redis, prefix: prefix)
        // A window no loaded machine lets pass between the hits (the first test phase has stalled a task for over
        // 3 s); the reopening is checked on a key of its own with a short window.
        let window = Duration.seconds(60)
        var remaining: [Int] = []
        for _ in 0..<3 {
            let decision = try await limiter.hit(key: "u1", bucket: "attachments", limit: 3, window: window)
            #expect(decision.allowed)
            remaining.append(decision.remaining)
        }
        #expect(remaining == [2, 1, 0])
        let refused = try await limiter.hit(key: "u1", bucket: "attachments", limit: 3, window: window)
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        #expect(refused.resetAfter > .zero && refused.resetAfter <= window)
        #expect(try await limiter.hit(key: "u2", bucket: "attachments", limit: 3, window: .seconds(1)).allowed)

        // Once a window has ended, the key is let in again, with a fresh count.
        let short = Duration.milliseconds(500)
        let first = try await limiter.hit(key: "u3", bucket: "attachments", limit: 1, window: short)
        #expect(first.allowed)
        try await Task.sleep(for: first.resetAfter + .milliseconds(50))
        let reopened = try await limiter.hit(key: "u3", bucket: "attachments", limit: 1, window: short)
        #expect(reopened.allowed)
        #expect(reopened.remaining == 0)
        await redis.shutDown()
    }

    @Test func clientsRacingForTheLastSlotsNeverExceedTheLimit() async throws {
        let clients = [try client(), try client()]
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                let limiter = RedisRateLimiter(redis: clients[index % 2], prefix: prefix)
                group.addTask {
                    try await limiter.hit(key: "shared", bucket: "b", limit: 10, window: .seconds(10)).allowed
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 10)
        for client in clients { await client.shutDown() }
    }

    /// The key read with the count comes back whole, or only its first bytes when asked; absent, it is nil either way.
    @Test func theReadKeyComesBackWholeOrItsFirstBytes() async throws {
        let redis = try client()
        let limiter = RedisRateLimiter(redis: redis, prefix: prefix)
        let key = prefix + "answer"
        try await redis.send("SET", key, "1733400000000\n{\"results\":[]}")
        let whole = try await limiter.take(1, key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key)
        #expect(whole.value.map { String(decoding: $0, as: UTF8.self) } == "1733400000000\n{\"results\":[]}")
        let head = try await limiter.take(
            1, key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key, firstBytes: 14)
        #expect(head.value.map { String(decoding: $0, as: UTF8.self) } == "1733400000000\n")
        #expect(head.decision.remaining == 8)
        let absent = try await limiter.take(
            1, key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key + ":none", firstBytes: 14)
        #expect(absent.value == nil)
        _ = try await redis.send("DEL", key)
        await redis.shutDown()
    }

    /// Several slots at once: granted up to what the window has left, never past the limit however the takes race;
    /// taking none reads without counting.
    @Test func slotsTakenSeveralAtATimeNeverPassTheLimit() async throws {
        let redis = try client()
        let limiter = RedisRateLimiter(redis: redis, prefix: prefix)
        let window = Duration.seconds(60)
        let four = try await limiter.take(4, key: "lease", bucket: "b", limit: 10, window: window, reading: nil)
        #expect(four.granted == 4 && four.decision.allowed && four.decision.remaining == 6)
        let rest = try await limiter.take(8, key: "lease", bucket: "b", limit: 10, window: window, reading: nil)
        #expect(rest.granted == 6 && rest.decision.remaining == 0)
        let none = try await limiter.take(1, key: "lease", bucket: "b", limit: 10, window: window, reading: nil)
        #expect(none.granted == 0 && !none.decision.allowed)
        let key = prefix + "read-only"
        try await redis.send("SET", key, "x")
        let read = try await limiter.take(0, key: "fresh", bucket: "b", limit: 10, window: window, reading: key)
        #expect(read.granted == 0 && read.value == Array("x".utf8))
        #expect(
            try await limiter.take(1, key: "fresh", bucket: "b", limit: 10, window: window, reading: nil).decision
                .remaining == 9)

        let clients = [try client(), try client()]
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                let racer = RedisRateLimiter(redis: clients[index % 2], prefix: prefix)
                group.addTask {
                    try await racer.take(3, key: "raced", bucket: "b", limit: 50, window: window, reading: nil).granted
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 50)
        _ = try await redis.send("DEL", key)
        for client in clients + [redis] { await client.shutDown() }
    }
}
