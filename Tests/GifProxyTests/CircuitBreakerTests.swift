import Testing

@testable import GifProxy

/// The breaker's transitions, driven with explicit times.
@Suite struct CircuitBreakerTests {
    let start = ContinuousClock.now

    @Test func opensAfterTheThresholdOfFailuresInARow() {
        var breaker = CircuitBreaker(threshold: 3, cooldown: .seconds(30))
        breaker.failed(now: start)
        breaker.failed(now: start)
        breaker.succeeded()
        breaker.failed(now: start)
        breaker.failed(now: start)
        #expect(breaker.state == .closed(failures: 2), "a success in between starts the count again")
        #expect(breaker.decide(now: start) == .proceed)
        breaker.failed(now: start)
        #expect(breaker.state == .open(until: start + .seconds(30)))
        #expect(breaker.decide(now: start + .seconds(10)) == .reject(retryAfter: .seconds(20)))
    }

    @Test func halfOpenLetsExactlyOneProbeThrough() {
        var breaker = CircuitBreaker(threshold: 1, cooldown: .seconds(5))
        breaker.failed(now: start)
        let later = start + .seconds(6)
        #expect(breaker.decide(now: later) == .probe)
        #expect(breaker.decide(now: later) == .reject(retryAfter: .seconds(5)), "the probe is out")
        breaker.succeeded()
        #expect(breaker.state == .closed(failures: 0))
        #expect(breaker.decide(now: later) == .proceed)
    }

    @Test func aFailedProbeOpensItAgainAndAProbeWithoutVerdictIsHandedBack() {
        var breaker = CircuitBreaker(threshold: 2, cooldown: .seconds(5))
        breaker.failed(now: start)
        breaker.failed(now: start)
        let later = start + .seconds(5)
        #expect(breaker.decide(now: later) == .probe)
        breaker.failed(now: later)
        #expect(breaker.state == .open(until: later + .seconds(5)))
        let after = later + .seconds(5)
        #expect(breaker.decide(now: after) == .probe)
        breaker.settledWithoutVerdict()
        #expect(breaker.state == .halfOpen(probing: false))
        #expect(breaker.decide(now: after) == .probe)
    }
}
