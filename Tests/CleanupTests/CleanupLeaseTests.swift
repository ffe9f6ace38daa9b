import Foundation
import RedisClient
import TestSupport
import Testing

@testable import Cleanup

/// The lease that keeps two runs apart, on the real Redis.
@Suite struct CleanupLeaseTests {
    func redis() throws -> RedisClient {
        RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
    }

    @Test func aSecondRunWaitsOutTheFirstEvenPastTheLeaseTime() async throws {
        let redis = try redis()
        let namespace = "lease-\(UUID().uuidString.prefix(8))"
        // A lease of 8 s held for 18 s: only renewal (every 2.7 s) keeps the second run out. The margins are wide
        // because the first test phase keeps both cores busy and can delay a renewal by seconds.
        let lease = CleanupLease(redis: redis, namespace: namespace, ttl: .seconds(8))
        let started = AsyncStream<Void>.makeStream()
        let first = Task {
            try await lease.withLease {
                started.continuation.yield()
                try? await Task.sleep(for: .seconds(18))
                return "first"
            }
        }
        for await _ in started.stream { break }
        let holding = ContinuousClock.now
        while holding.duration(to: .now) < .seconds(17) {
            #expect(try await lease.withLease { "second" } == nil, "the lease is held")
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(try await first.value == "first")
        #expect(try await lease.withLease { "third" } == "third", "released when the first run ended")
        #expect(try await redis.send("EXISTS", lease.key).int == 0, "and released again after the third")
        await redis.shutDown()
    }

    /// Another run took the lease (this one's renewals had stalled, say): the next renewal notices, the run is
    /// cancelled, and the holder is told.
    @Test func aLostLeaseStopsTheRun() async throws {
        let redis = try redis()
        let lease = CleanupLease(redis: redis, namespace: "lease-\(UUID().uuidString.prefix(8))", ttl: .seconds(3))
        let started = AsyncStream<Void>.makeStream()
        let run = Task {
            try await lease.withLease { () async throws -> String in
                started.continuation.yield()
                // A run that would go on for a minute, stopping only when cancelled.
                try await Task.sleep(for: .seconds(60))
                return "finished"
            }
        }
        for await _ in started.stream { break }
        _ = try await redis.send("SET", lease.key, "another-run", "PX", 60_000)
        let taken = ContinuousClock.now
        await #expect(throws: CleanupLease.Lost.self) { try await run.value }
        #expect(taken.duration(to: .now) < .seconds(10), "noticed at the next renewal, a third of the ttl later")
        #expect(try await redis.send("GET", lease.key).string == "another-run", "the new holder's lease is kept")
        await redis.shutDown()
    }

    @Test func aHolderThatDiedFreesTheLeaseWhenItExpires() async throws {
        let redis = try redis()
        let lease = CleanupLease(redis: redis, namespace: "lease-\(UUID().uuidString.prefix(8))", ttl: .seconds(3))
        // Another process's lease, never renewed (it crashed).
        _ = try await redis.send("SET", lease.key, "someone-else", "PX", 5000)
        #expect(try await lease.withLease { 1 } == nil)
        #expect(try await redis.send("GET", lease.key).string == "someone-else", "a refused run leaves it alone")
        let deadline = ContinuousClock.now + .seconds(15)
        var taken: Int?
        while taken == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            taken = try await lease.withLease { 2 }
        }
        #expect(taken == 2, "free once it expired")
        await redis.shutDown()
    }
}

@Suite struct KeyFilterTests {
    @Test func everyInsertedKeyIsFoundAndFewOthersAre() {
        var filter = KeyFilter(bits: 1 << 20)
        let inserted = (0..<20_000).map { "k\($0)-\($0 &* 7919)" }
        for key in inserted { filter.insert(key) }
        #expect(inserted.allSatisfy { filter.mightContain($0) })
        let falsePositives = (0..<20_000).filter { filter.mightContain("other-\($0)") }.count
        // 20,000 keys in 2^20 bits with 7 hashes: about 0.01 % expected.
        #expect(falsePositives < 20, "\(falsePositives) false positives")
    }
}

@Suite struct DeletionBudgetTests {
    @Test func theCapGrantsWhatIsLeftThenNothing() async throws {
        let budget = DeletionBudget(perSecond: 0, cap: 10)
        #expect(try await budget.take(4) == 4)
        #expect(try await budget.take(10) == 6)
        #expect(await budget.exhausted)
        #expect(try await budget.take() == 0)
    }

    @Test func thePaceSpreadsDeletionsOverTime() async throws {
        let budget = DeletionBudget(perSecond: 20, cap: 0)
        let start = ContinuousClock.now
        for _ in 0..<11 { _ = try await budget.take() }
        // The eleventh of 20 per second is due 0.5 s after the first.
        #expect(start.duration(to: .now) >= .milliseconds(480))
        #expect(!(await budget.exhausted))
    }
}
