import EventBus
import Foundation
import Logging
import RedisClient
import TestSupport
import Testing

/// The events stream on a real Redis: what is published is read back in order with its topics, and an operator's
/// consumer group can read the same entries.
@Suite struct EventBusTests {
    @Test func publishedEventsAreReadBackInOrder() async throws {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let prefix = "eb-\(UUID().uuidString.prefix(8))"
        let bus = EventBus(redis: redis, prefix: prefix, logger: .quiet("events"))
        let reader = EventReader(bus: bus)
        #expect(try await reader.lastID() == "0")
        let first = await bus.publish(
            Event(type: "Message", topics: [.channel("c1")], body: Array(#"{"type":"Message"}"#.utf8)))
        let second = await bus.publish(
            Event(type: "ServerDelete", topics: [.server("s1"), .private("u1")], body: Array(#"{"id":"s1"}"#.utf8)))
        #expect(first != nil && second != nil)
        #expect(bus.pending == 0)
        let read = try await reader.events(after: "0")
        #expect(read.map(\.event.type) == ["Message", "ServerDelete"])
        #expect(read[1].event.topics == [.server("s1"), .private("u1")])
        #expect(try await reader.events(after: try #require(first)).map(\.event.type) == ["ServerDelete"])
        #expect(try await reader.lastID() == second)

        // A consumer group of an operator's own worker reads the same stream.
        try await redis.xgroupCreate(bus.stream, group: "operator", startID: "0")
        let delivered = try await redis.xreadgroup(group: "operator", consumer: "w1", stream: bus.stream, count: 10)
        #expect(delivered.map { $0["type"] } == ["Message", "ServerDelete"])
        _ = try await redis.send("DEL", bus.stream)
        await redis.shutDown()
    }

    /// While Redis is down, published events wait in the outbox in order; once it is back, the bus's service
    /// publishes them, before anything published later.
    @Test func eventsOutliveABriefRedisOutage() async throws {
        let port = TestEndpoints.freePort()
        let directory = TestEndpoints.temporaryDirectory("eventbus")
        var server = try TestRedisServer(port: port, directory: directory)
        let redis = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: try RedisEndpoint(url: server.url), commandTimeout: .milliseconds(500),
                connectTimeout: .milliseconds(200)))
        let bus = EventBus(redis: redis, prefix: "outage", logger: .quiet("events"))
        try await waitUntil("redis answers") { (try? await redis.ping()) != nil }
        let running = Task { try await bus.run() }

        #expect(await bus.publish(Event(type: "Before", topics: [.channel("c")], body: [])) != nil)
        try await server.stop()
        for number in 0..<3 {
            #expect(await bus.publish(Event(type: "During\(number)", topics: [.channel("c")], body: [])) == nil)
        }
        #expect(bus.pending == 3)
        server = try TestRedisServer(port: port, directory: directory)
        try await waitUntil("the outbox is published") { bus.pending == 0 }
        _ = await bus.publish(Event(type: "After", topics: [.channel("c")], body: []))
        let types = try await EventReader(bus: bus).events(after: "0").map(\.event.type)
        // The server restarted without persistence: what reached it before the outage is gone with it.
        #expect(types == ["During0", "During1", "During2", "After"])
        running.cancel()
        try await server.stop()
        await redis.shutDown()
    }

    func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting until \(what)")
    }
}
