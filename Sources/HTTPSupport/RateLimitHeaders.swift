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
            let seconds = Double(milliseconds) / 1000
            var fields: [(name: String, value: String)] = [
                ("X-RateLimit-Limit", String(decision.limit)),
                ("X-RateLimit-Remaining", String(decision.remaining)),
                ("X-RateLimit-Reset", String(format: "%.3f", now.timeIntervalSince1970 + seconds)),
                ("X-RateLimit-Reset-After", String(format: "%.3f", seconds)),
                ("X-RateLimit-Bucket", decision.bucket),
            ]
            if !decision.allowed { fields.append(("Retry-After", String(Int(seconds.rounded(.up))))) }
            return fields
        }
    }

    /// Sets the headers of `decision` on `headers`, replacing any already there.
    public static func apply(_ decision: RateLimitDecision, style: Style, to headers: inout HTTPFields) {
        for (name, value) in fields(decision, style: style) {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
    }
}
