import Testing

@testable import JobQueue

@Suite struct JobHeaderTests {
    @Test func roundTripsEveryFieldIncludingAwkwardText() throws {
        let header = JobHeader(
            id: JobID(), name: "media.resize", attempt: 3, queuedAt: 1_732_000_000_123_456,
            idempotencyKey: "resize:abc&def=ghi", resultTTLMilliseconds: 60_000, scheduledFor: 1_732_000_000_000,
            dueAt: 1_732_000_001_000, lastError: "bad thing\nline two, 100% sure ✓")
        let encoded = header.encoded
        #expect(!encoded.contains("\n"), "a delayed job is stored as header\\nparameters")
        #expect(try JobHeader(decoding: encoded) == header)
    }

    @Test func optionalFieldsStayAbsent() throws {
        let header = JobHeader(id: JobID(rawValue: "abc"), name: "x", queuedAt: 7)
        #expect(header.encoded == "i=abc&n=x&a=1&t=7")
        #expect(try JobHeader(decoding: header.encoded) == header)
    }

    @Test func unknownKeysAndEmptyPairsAreIgnored() throws {
        let header = try JobHeader(decoding: "i=abc&&n=x&a=2&t=7&zz=1&q=%41&")
        #expect(header == JobHeader(id: JobID(rawValue: "abc"), name: "x", attempt: 2, queuedAt: 7))
    }

    @Test(arguments: ["", "garbage", "i=abc&a=1&t=1", "i=abc&n=x&a=zero&t=1", "i=abc&n=x&a=1&t=1&e=%zz"])
    func rejectsWhatIsNotAHeader(_ text: String) {
        #expect(throws: JobQueueError.self) { try JobHeader(decoding: text) }
    }

    @Test func jobIDsAreThirtyTwoHexDigitsAndDistinct() {
        let ids = (0..<1000).map { _ in JobID().rawValue }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}

@Suite struct RetryStrategyTests {
    @Test func ceilingDoublesUpToTheCap() {
        let strategy = RetryStrategy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(10))
        #expect(strategy.ceiling(afterAttempt: 1) == .seconds(1))
        #expect(strategy.ceiling(afterAttempt: 2) == .seconds(2))
        #expect(strategy.ceiling(afterAttempt: 4) == .seconds(8))
        #expect(strategy.ceiling(afterAttempt: 5) == .seconds(10))
        #expect(strategy.ceiling(afterAttempt: 60) == .seconds(10))
    }

    @Test func jitteredDelaysStayUnderTheCeilingAndSpread() {
        let strategy = RetryStrategy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(60))
        let delays = (0..<500).map { _ in strategy.delay(afterAttempt: 3) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 400, "full jitter spreads retries")
        #expect(delays.contains { $0 < .milliseconds(200) } && delays.contains { $0 > .milliseconds(200) })
    }
}

@Suite struct JobQueueKeysTests {
    @Test func queueNamesComeBackOutOfTheirKeys() {
        let keys = JobQueueKeys(namespace: "dcn")
        #expect(keys.stream(.media) == "dcn:q:media")
        #expect(keys.queueName(inKey: keys.stream(.media)) == .media)
        #expect(keys.queueName(inKey: keys.delayed(.fetch)) == .fetch)
        #expect(keys.queueName(inKey: keys.dead(.maintenance)) == .maintenance)
        #expect(keys.queueName(inKey: "other:q:media") == nil)
    }
}
