import Foundation
import Logging
import RedisClient
import TestSupport
import Testing

@testable import EventBus
@testable import Gateway

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

    /// A dead process's users are found once their sockets lapse and reported to exactly one of the gateways
    /// sweeping, which announces them offline; a user with a live socket elsewhere stays online. Sockets of the
    /// "dead" process are recorded with a 1 ms lifetime and the live ones with a minute, so no timing of a loaded
    /// machine changes what the sweeps see.
    @Test func lapsedUsersAreAnnouncedOfflineOnce() async throws {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let prefix = "lp-\(UUID().uuidString.prefix(8))"
        let events = EventBus(redis: redis, prefix: prefix, logger: Logger.quiet("presence-tests"))
        let hub = GatewayHub(redis: redis, prefix: prefix, events: events, logger: Logger.quiet("presence-tests"))
        let live = Presence(redis: redis, prefix: prefix, lifetime: .seconds(60))
        let dying = Presence(redis: redis, prefix: prefix, lifetime: .milliseconds(1))

        #expect(try await live.connect(userID: "dan", socket: "live:d"))
        #expect(try await live.connect(userID: "cy", socket: "closed:c"))
        #expect(try await live.disconnect(userID: "cy", socket: "closed:c"), "closed normally, announced then")
        #expect(try await hub.announceLapsed() == 0, "nothing has lapsed")

        #expect(try await dying.connect(userID: "ada", socket: "dead:a"))
        _ = try await dying.connect(userID: "bob", socket: "dead:b")
        try await live.renew([("bob", "live:b")])
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await hub.announceLapsed() == 1, "ada only: bob has a live socket, dan too, cy left normally")
        #expect(try await hub.announceLapsed() == 0, "each user is reported once")
        let announced = try await redis.xrange(prefix + ":events").map {
            String(decoding: $0.bytes("body") ?? [], as: UTF8.self)
        }
        #expect(announced == [#"{"clear":[],"data":{"online":false},"id":"ada","type":"UserUpdate"}"#])
        #expect(try await live.online(["ada", "bob", "cy", "dan"]) == ["bob", "dan"])
        await redis.shutDown()
    }
}
