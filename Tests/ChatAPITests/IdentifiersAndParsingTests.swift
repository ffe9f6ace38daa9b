import Foundation
import HTTPTypes
import Testing

@testable import ChatAPI

@Suite struct IdentifiersAndParsingTests {
    @Test func ulidsSortByTimeAndCarryIt() throws {
        let earlier = Date(timeIntervalSince1970: 1_700_000_000.123)
        let first = ULID.make(at: earlier)
        let second = ULID.make(at: earlier.addingTimeInterval(0.001))
        #expect(first.count == 26 && ULID.isValid(first))
        #expect(first < second)
        let time = try #require(ULID.time(of: first))
        #expect(abs(time.timeIntervalSince1970 - 1_700_000_000.123) < 0.001)
        #expect(ULID.make() != ULID.make())
        for bad in [
            "", "01H", "01HZZZZZZZZZZZZZZZZZZZZZZI", "81HZZZZZZZZZZZZZZZZZZZZZZZ", "01hzzzzzzzzzzzzzzzzzzzzzzz",
        ] {
            #expect(!ULID.isValid(bad), "\(bad)")
        }
    }

    @Test func mentionsAreUserIdsInAngleBrackets() {
        let alice = ULID.make()
        let bob = ULID.make()
        #expect(ContentParsing.mentions(in: "hi <@\(alice)> and <@\(bob)>, <@\(alice)> again") == [alice, bob])
        #expect(ContentParsing.mentions(in: "<@not-an-id> <@\(alice)").isEmpty)
        #expect(ContentParsing.mentions(in: "no mentions").isEmpty)
    }

    @Test func rateLimitBucketsFollowRevolt() {
        func bucket(_ method: HTTPRequestMethodName, _ path: String) -> String {
            ChatRateLimits.bucket(method: method.method, segments: path.split(separator: "/")).bucket
        }
        #expect(bucket(.post, "channels/01H/messages") == "messaging")
        #expect(bucket(.get, "channels/01H/messages") == "channels")
        #expect(bucket(.patch, "users/@me") == "user_edit")
        #expect(bucket(.get, "users/@me") == "users")
        #expect(bucket(.post, "servers/create") == "servers")
        #expect(bucket(.post, "auth/session/login") == "auth")
        #expect(bucket(.get, "bots/@me") == "bots")
        #expect(bucket(.get, "invites/abc") == "any")
        #expect(
            ChatRateLimits.bucket(method: .post, segments: ["channels", "X", "messages"]) == ("messaging", 10, "X"))
    }
}

/// Methods named for the bucket table above.
enum HTTPRequestMethodName {
    case get, post, patch

    var method: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .patch: .patch
        }
    }
}
