import Testing

@testable import LinkProxy

@Suite struct HotAnswersTests {
    let now = ContinuousClock.now

    @Test func answersLastTheirLifetimeButNeverPastTheirRedisExpiry() {
        let hot = HotAnswers()
        hot.keep(.value([1, 2, 3]), as: "long", expiresIn: .seconds(60), now: now)
        hot.keep(.value([4]), as: "short", expiresIn: .milliseconds(300), now: now)
        #expect(hot.stored("long", now: now + .seconds(1)) != nil)
        #expect(hot.stored("short", now: now + .milliseconds(200)) != nil)
        #expect(hot.stored("short", now: now + .milliseconds(300)) == nil)
        #expect(hot.stored("long", now: now + HotAnswers.lifetime) == nil)
    }

    @Test func theOldestGoFirstPastTheCountOrTheBytes() {
        let byCount = HotAnswers(capacity: 2)
        for key in ["a", "b", "c"] { byCount.keep(.value([0]), as: key, expiresIn: .seconds(60), now: now) }
        #expect(byCount.stored("a", now: now) == nil)
        #expect(byCount.stored("b", now: now) != nil && byCount.stored("c", now: now) != nil)

        // 16,000 bytes in all, at most 1,000 for one answer: the seventeenth of 950 bytes pushes the first out, and
        // an answer far larger never enters.
        let byBytes = HotAnswers(capacity: 100, maximumBytes: 16_000)
        for index in 0..<17 {
            byBytes.keep(.value([UInt8](repeating: 0, count: 950)), as: "k\(index)", expiresIn: .seconds(60), now: now)
        }
        #expect(byBytes.stored("k0", now: now) == nil)
        #expect(byBytes.stored("k1", now: now) != nil && byBytes.stored("k16", now: now) != nil)
        byBytes.keep(.value([UInt8](repeating: 0, count: 5000)), as: "big", expiresIn: .seconds(60), now: now)
        #expect(byBytes.stored("big", now: now) == nil)
    }
}
