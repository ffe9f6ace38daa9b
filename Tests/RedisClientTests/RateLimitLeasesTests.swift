import Testing

@testable import RedisClient

/// Slots taken from Redis several at a time are spent here one by one, only within their window.
@Suite struct RateLimitLeasesTests {
    let start = ContinuousClock.now

    func granted(limit: Int, remaining: Int, resetAfter: Duration = .seconds(10)) -> RateLimitDecision {
        RateLimitDecision(allowed: true, limit: limit, remaining: remaining, resetAfter: resetAfter, bucket: "b")
    }

    @Test func onlyLargeLimitsAreLeasedAndNoLeaseIsLarge() {
        #expect(RateLimitLeases.size(for: 60) == 1)
        #expect(RateLimitLeases.size(for: 127) == 1)
        #expect(RateLimitLeases.size(for: 128) == 2)
        #expect(RateLimitLeases.size(for: 6400) == 100)
        #expect(RateLimitLeases.size(for: 1_000_000) == 256)
    }

    @Test func spareSlotsAreSpentOneByOneWithTheCountGoingDown() {
        let leases = RateLimitLeases()
        #expect(leases.spend("k", limit: 200, bucket: "b", now: start) == nil)
        // Redis granted 3 (count 3 of 200); the hit in hand used one, two are spare.
        leases.keep("k", spare: 2, decision: granted(limit: 200, remaining: 197), now: start)
        let first = leases.spend("k", limit: 200, bucket: "b", now: start + .seconds(1))
        let second = leases.spend("k", limit: 200, bucket: "b", now: start + .seconds(2))
        #expect(first?.remaining == 198 && second?.remaining == 197)
        #expect(first?.resetAfter == .seconds(9) && second?.resetAfter == .seconds(8))
        #expect(leases.spend("k", limit: 200, bucket: "b", now: start + .seconds(3)) == nil)
        #expect(leases.spend("other", limit: 200, bucket: "b", now: start) == nil)
    }

    @Test func aLeaseEndsWithItsWindow() {
        let leases = RateLimitLeases()
        leases.keep("k", spare: 5, decision: granted(limit: 200, remaining: 190, resetAfter: .seconds(1)), now: start)
        #expect(leases.spend("k", limit: 200, bucket: "b", now: start + .milliseconds(999)) != nil)
        #expect(leases.spend("k", limit: 200, bucket: "b", now: start + .seconds(1)) == nil)
    }

    @Test func pastItsCapacitySpentAndEndedLeasesGoFirst() {
        let leases = RateLimitLeases(capacity: 2)
        leases.keep("ended", spare: 1, decision: granted(limit: 200, remaining: 1, resetAfter: .seconds(1)), now: start)
        leases.keep("live", spare: 1, decision: granted(limit: 200, remaining: 1), now: start)
        leases.keep("new", spare: 1, decision: granted(limit: 200, remaining: 1), now: start + .seconds(2))
        #expect(leases.spend("live", limit: 200, bucket: "b", now: start + .seconds(2)) != nil)
        #expect(leases.spend("new", limit: 200, bucket: "b", now: start + .seconds(2)) != nil)
    }
}
