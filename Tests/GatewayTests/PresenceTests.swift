import Foundation
import RedisClient
import TestSupport
import Testing

@testable import Gateway

/// Presence in the real Redis: a user is online while any socket of it is, and a socket whose process stops
/// renewing it expires.
@Suite struct PresenceTests {
    @Test func onlineWhileAnySocketLivesAndNotForEver() async throws {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let presence = Presence(redis: redis, prefix: "pr-\(UUID().uuidString.prefix(8))", lifetime: .milliseconds(600))
        #expect(try await presence.connect(userID: "ada", socket: "p1:a"), "the first socket brings her online")
        #expect(try await !presence.connect(userID: "ada", socket: "p2:b"), "a second socket changes nothing")
        #expect(try await presence.online(["ada", "bob"]) == ["ada"])
        #expect(try await !presence.disconnect(userID: "ada", socket: "p1:a"), "one socket still open")
        #expect(try await presence.disconnect(userID: "ada", socket: "p2:b"), "the last one takes her offline")
        #expect(try await presence.online(["ada"]).isEmpty)

        // A process that dies stops renewing: its socket expires on its own.
        #expect(try await presence.connect(userID: "bob", socket: "dead:c"))
        try await presence.renew([("bob", "dead:c")])
        #expect(try await presence.online(["bob"]) == ["bob"])
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await presence.online(["bob"]).isEmpty)
        #expect(try await presence.connect(userID: "bob", socket: "live:d"), "online again, the dead socket gone")
        await redis.shutDown()
    }
}
