import Foundation
import RedisClient
import Testing

@testable import HTTPSupport

@Suite struct RateLimitHeadersTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let refused = RateLimitDecision(
        allowed: false, limit: 10, remaining: 0, resetAfter: .milliseconds(2_500), bucket: "attachments")

    func dictionary(_ fields: [(name: String, value: String)]) -> [String: String] {
        Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func headersAreDiscordShaped() {
        let headers = dictionary(RateLimitHeaders.fields(refused, style: .discord, now: now))
        #expect(headers["X-RateLimit-Limit"] == "10")
        #expect(headers["X-RateLimit-Remaining"] == "0")
        #expect(headers["X-RateLimit-Reset"] == "1700000002.500")
        #expect(headers["X-RateLimit-Reset-After"] == "2.500")
        #expect(headers["X-RateLimit-Bucket"] == "attachments")
        #expect(headers["Retry-After"] == "3")
        var allowed = refused
        allowed.allowed = true
        #expect(!RateLimitHeaders.fields(allowed, style: .discord, now: now).contains { $0.name == "Retry-After" })
        let seconds = [0, 7, 40, 999, 1_000, 61_050].map(RateLimitHeaders.seconds)
        #expect(seconds == ["0.000", "0.007", "0.040", "0.999", "1.000", "61.050"])
        allowed.resetAfter = .milliseconds(1)
        #expect(
            dictionary(RateLimitHeaders.fields(allowed, style: .discord, now: now))["X-RateLimit-Reset"]
                == "1700000000.001")
    }

    /// Revolt's clients read exactly these four, the reset in milliseconds, and break on a partial set.
    @Test func revoltHeadersAreTheFourInMilliseconds() {
        let fields = RateLimitHeaders.fields(refused, style: .revolt, now: now)
        #expect(
            dictionary(fields) == [
                "X-RateLimit-Limit": "10", "X-RateLimit-Bucket": "attachments", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": "2500",
            ])
        #expect(APIError.rateLimited(refused, style: .revolt).fields["retry_after"] == .int(2500))
        #expect(APIError.rateLimited(refused, style: .discord).fields["retry_after"] == .double(2.5))
    }
}
