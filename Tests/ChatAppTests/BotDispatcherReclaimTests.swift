import ChatAPI
import EventBus
import Foundation
import HummingbirdTesting
import Identity
import JobQueue
import RedisClient
import TestSupport
import Testing

@testable import App
@testable import ChatAPI

/// Events a dispatcher read and never acknowledged (its process died) are claimed by another dispatcher of the group
/// once idle for `reclaimAfter`, routed and acknowledged: no event is left undelivered because a process died.
@Suite struct BotDispatcherReclaimTests {
    @Test func entriesOfADeadDispatcherAreClaimedAndAcknowledged() async throws {
        // The queued delivery goes nowhere (an unresolvable host): given up after a second, not retried for ten minutes.
        let fixture = try await ChatFixture.make(.sqlite, ["api.bot_delivery_window": "1s"])
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let stream = fixture.namespace + ":events"
        let group = "reclaim-test"
        try await withTeardown {
            await redis.shutDown()
        } body: {
            try await redis.xgroupCreate(stream, group: group, startID: "$")
            try await buildApplication(fixture.configuration).test(.live) { client in
                let (owner, _) = try await APIClient(client: client).signUp("reclaimer")
                let made = try await owner.post("/servers/create", ["name": "Reclaim"])
                let server = try #require((made["server"] as? [String: Any])?["_id"] as? String)
                let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
                let botID = try #require(try await owner.post("/bots/create", ["name": "claimed"])["_id"] as? String)
                #expect(try await owner.post("/bots/\(botID)/invite", ["server": server]).status == .noContent)
                _ = try await owner.post("/channels/\(channel)/messages", ["content": "while a worker dies"])

                // A dispatcher reads the entries and dies before acknowledging them.
                let taken = try await redis.xreadgroup(group: group, consumer: "dead", stream: stream, count: 100)
                #expect(!taken.isEmpty)
                #expect(try await redis.xpendingSummary(stream, group: group).consumers["dead"] == taken.count)

                try await fixture.metadata { metadata in
                    let chat = ChatDependencies(
                        settings: ChatAPISettings(keyPrefix: fixture.namespace), store: ChatStore(metadata: metadata),
                        events: EventBus(redis: redis, prefix: fixture.namespace, logger: ChatFixture.logger),
                        sessions: Sessions(metadata: metadata),
                        jobs: JobQueue(redis: redis, namespace: fixture.namespace, logger: ChatFixture.logger),
                        redis: redis, presence: Presence(redis: redis, prefix: fixture.namespace),
                        logger: ChatFixture.logger)
                    _ = try await ChatStore(metadata: metadata).updateBot(
                        id: botID, .init(interactionsURL: .some("https://bot.example.com/events")))
                    let survivor = BotEventDispatcher(chat: chat, group: group, reclaimAfter: .seconds(1))
                    let pending = try await withThrowingTaskGroup(of: Int?.self) { tasks in
                        tasks.addTask {
                            try await survivor.run()
                            return nil
                        }
                        tasks.addTask {
                            var pending = taken.count
                            for _ in 0..<100 where pending > 0 {
                                try await Task.sleep(for: .milliseconds(100))
                                pending = try await redis.xpendingSummary(stream, group: group).count
                            }
                            return pending
                        }
                        defer { tasks.cancelAll() }
                        while let result = try await tasks.next() {
                            if let pending = result { return pending }
                        }
                        return taken.count
                    }
                    #expect(pending == 0, "the dead dispatcher's entries were claimed and acknowledged")
                    // The claimed Message was routed to the bot: its delivery job is queued.
                    let message = try #require(taken.first { $0["type"] == "Message" })
                    let key = BotDelivery(
                        botID: botID, eventID: message.id, eventType: "Message", body: "", createdAt: 0
                    ).idempotencyKey
                    #expect(try await redis.send("EXISTS", fixture.namespace + ":unique:" + key).int == 1)
                }
            }
        }
    }
}
