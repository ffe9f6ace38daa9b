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
        let whole = try await limiter.hit(key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key)
        #expect(whole.value.map { String(decoding: $0, as: UTF8.self) } == "1733400000000\n{\"results\":[]}")
        let head = try await limiter.hit(
            key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key, firstBytes: 14)
        #expect(head.value.map { String(decoding: $0, as: UTF8.self) } == "1733400000000\n")
        #expect(head.decision.remaining == 8)
        let absent = try await limiter.hit(
            key: "r", bucket: "b", limit: 10, window: .seconds(60), reading: key + ":none", firstBytes: 14)
        #expect(absent.value == nil)
        _ = try await redis.send("DEL", key)
        await redis.shutDown()
    }
}
