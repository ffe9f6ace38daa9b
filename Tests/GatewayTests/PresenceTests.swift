import Foundation
import RedisClient
import TestSupport
import Testing

@testable import EventBus

/// Presence in the real Redis: a user is online while any socket of it is, and a socket whose process stops
/// renewing it expires.
@Suite struct PresenceTests {
    @Test func onlineWhileAnySocketLivesAndNotForEver() async throws {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let prefix = "pr-\(UUID().uuidString.prefix(8))"
        let presence = Presence(redis: redis, prefix: prefix, lifetime: .seconds(30))
        #expect(try await presence.connect(userID: "ada", socket: "p1:a"), "the first socket brings her online")
        #expect(try await !presence.connect(userID: "ada", socket: "p2:b"), "a second socket changes nothing")
        #expect(try await presence.online(["ada", "bob"]) == ["ada"])
        #expect(try await !presence.disconnect(userID: "ada", socket: "p1:a"), "one socket still open")
        #expect(try await presence.disconnect(userID: "ada", socket: "p2:b"), "the last one takes her offline")
        #expect(try await presence.online(["ada"]).isEmpty)

        // A process that dies stops renewing: its socket expires on its own.
        let brief = Presence(redis: redis, prefix: prefix, lifetime: .milliseconds(300))
        #expect(try await brief.connect(userID: "bob", socket: "dead:c"))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await brief.online(["bob"]).isEmpty)
        #expect(try await brief.connect(userID: "bob", socket: "live:d"), "online again, the dead socket gone")
        try await brief.renew([("bob", "live:d")])
        await redis.shutDown()
    }
}
