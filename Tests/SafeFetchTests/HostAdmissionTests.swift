import RedisClient
import TestSupport
import Testing

@testable import SafeFetch

/// Per-host limits in a real Redis: a host's concurrency slots and its rate budget are shared by every process.
@Suite struct HostAdmissionTests {
    func admission(concurrency: Int, rate: Int) throws -> (RedisHostAdmission, RedisClient) {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let prefix = "test:fetch:\(Int.random(in: 0..<1_000_000_000)):"
        return (
            RedisHostAdmission(
                redis: redis, prefix: prefix, concurrency: concurrency, rateLimit: rate, rateWindow: .seconds(30),
                patience: .milliseconds(300)
            ), redis
        )
    }

    @Test func concurrencySlotsAreSharedAndFreed() async throws {
        let (admission, redis) = try admission(concurrency: 2, rate: 100)
        let first = try await admission.admit(host: "slow.example", lease: .seconds(30))
        let second = try await admission.admit(host: "slow.example", lease: .seconds(30))
        await #expect(throws: SafeFetchError.hostBusy(retryAfter: .seconds(1))) {
            try await admission.admit(host: "slow.example", lease: .seconds(30))
        }
        _ = try await admission.admit(host: "other.example", lease: .seconds(30))
        await admission.release(first)
        _ = try await admission.admit(host: "slow.example", lease: .seconds(30))
        await admission.release(second)
    }

    @Test func expiredLeasesFreeTheirSlots() async throws {
        let (admission, redis) = try admission(concurrency: 1, rate: 100)
        _ = try await admission.admit(host: "crash.example", lease: .milliseconds(200))
        // The holder "died": its lease runs out (Redis' own clock) and the slot frees itself.
        try await Task.sleep(for: .milliseconds(400))
        _ = try await admission.admit(host: "crash.example", lease: .seconds(5))
    }

    @Test func theRateBudgetIsCounted() async throws {
        let (admission, redis) = try admission(concurrency: 100, rate: 3)
        for _ in 0..<3 {
            let slot = try await admission.admit(host: "busy.example", lease: .seconds(5))
            await admission.release(slot)
        }
        let error = await #expect(throws: SafeFetchError.self) {
            try await admission.admit(host: "busy.example", lease: .seconds(5))
        }
        guard case .hostBusy? = error else {
            Issue.record("expected hostBusy, got \(String(describing: error))")
            return
        }
    }
}
