import Foundation
import HTTPTypes
import RedisClient

/// The headers that tell a client where it stands in a rate limit, in the two dialects clients read.
public enum RateLimitHeaders {
    public enum Style: Sendable {
        /// Revolt's: `X-RateLimit-Limit`, `-Bucket`, `-Remaining`, `-Reset-After` in milliseconds. Revolt's clients
        /// need all four or none.
        case revolt
        /// Discord's: `X-RateLimit-Limit`, `-Remaining`, `-Reset` (epoch seconds), `-Reset-After` (seconds),
        /// `-Bucket`, and `Retry-After` (whole seconds, rounded up) when refused.
        case discord
    }

    public static func fields(
        _ decision: RateLimitDecision, style: Style, now: Date = .now
    ) -> [(name: String, value: String)] {
        let milliseconds = decision.resetAfter.wholeMilliseconds
        switch style {
        case .revolt:
            return [
                ("X-RateLimit-Limit", String(decision.limit)),
                ("X-RateLimit-Bucket", decision.bucket),
                ("X-RateLimit-Remaining", String(decision.remaining)),
                ("X-RateLimit-Reset-After", String(milliseconds)),
            ]
        case .discord:
            let epochMilliseconds = Int((now.timeIntervalSince1970 * 1000).rounded())
            var fields: [(name: String, value: String)] = [
                ("X-RateLimit-Limit", String(decision.limit)),
                ("X-RateLimit-Remaining", String(decision.remaining)),
                ("X-RateLimit-Reset", seconds(epochMilliseconds + milliseconds)),
                ("X-RateLimit-Reset-After", seconds(milliseconds)),
                ("X-RateLimit-Bucket", decision.bucket),
            ]
            if !decision.allowed { fields.append(("Retry-After", String((max(0, milliseconds) + 999) / 1000))) }
            return fields
        }
    }

    /// Milliseconds as seconds with three decimals ("2.500"), without `String(format:)`, which went through
    /// CoreFoundation's formatter and was 2.5 % of a cached GIF answer's CPU.
    static func seconds(_ milliseconds: Int) -> String {
        let milliseconds = max(0, milliseconds)
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Sets the headers of `decision` on `headers`, replacing any already there.
    public static func apply(_ decision: RateLimitDecision, style: Style, to headers: inout HTTPFields) {
        for (name, value) in fields(decision, style: style) {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
    }
}
