import Foundation
import TestSupport
import Testing

@testable import RedisClient

/// Against a redis-server of the test's own, so its `CLIENT LIST` counts this client's connections only.
@Suite struct RedisSubscriberTests {
    func withServer(_ body: (RedisClient, RedisClient) async throws -> Void) async throws {
        let server = try TestRedisServer(
            port: TestEndpoints.freePort(), directory: TestEndpoints.temporaryDirectory("subscriber"))
        let configuration = RedisClientConfiguration(
            endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: server.port)),
            commandTimeout: .seconds(5))
        let client = RedisClient(configuration: configuration)
        let publisher = RedisClient(configuration: configuration)
        do {
            try await retrying { try await publisher.ping() }
            try await body(client, publisher)
        } catch {
            await client.shutDown()
            await publisher.shutDown()
            try await server.stop()
            throw error
        }
        await client.shutDown()
        await publisher.shutDown()
        try await server.stop()
    }

    func pubsubConnections(_ redis: RedisClient) async throws -> Int {
        let list = try await redis.send("CLIENT", "LIST", "TYPE", "pubsub").string ?? ""
        return list.split(separator: "\n").count
    }

    @Test func aThousandListenersShareOneConnection() async throws {
        try await withServer { client, publisher in
            let listeners = try await withThrowingTaskGroup(of: RedisChannelListener.self) { group in
                for index in 0..<1000 { group.addTask { try await client.subscriber.listen(to: "ch:\(index % 900)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await pubsubConnections(publisher) == 1)
            #expect(client.subscriber.subscribedChannelCount == 900)
            #expect(try await publisher.publish("hello 7", to: "ch:7") == 1, "one subscription per channel")

            // Every listener of a channel gets its messages.
            let sharing = listeners.filter { $0.channel == "ch:42" }
            #expect(sharing.count == 2)
            #expect(try await publisher.publish("for both", to: "ch:42") == 1)
            for listener in sharing {
                var iterator = listener.makeAsyncIterator()
                #expect(await iterator.next() == .message(Array("for both".utf8)))
            }
        }
    }

    @Test func theLastListenerToLeaveUnsubscribes() async throws {
        try await withServer { client, publisher in
            do {
                let first = try await client.subscriber.listen(to: "leaving")
                let second = try await client.subscriber.listen(to: "leaving")
                #expect(try await publisher.send("PUBSUB", "NUMSUB", "leaving").array?[1].int == 1)
                _ = (first, second)
            }
            // Both listeners are gone: the channel is left, the connection stays for the next one.
            try await retrying {
                guard try await publisher.send("PUBSUB", "NUMSUB", "leaving").array?[1].int == 0 else {
                    throw CancellationError()
                }
            }
            #expect(client.subscriber.subscribedChannelCount == 0)
            let again = try await client.subscriber.listen(to: "leaving")
            #expect(try await publisher.publish("back", to: "leaving") == 1)
            var iterator = again.makeAsyncIterator()
            #expect(await iterator.next() == .message(Array("back".utf8)))
        }
    }

    @Test func aDroppedConnectionIsReportedAndResumed() async throws {
        try await withServer { client, publisher in
            let listener = try await client.subscriber.listen(to: "survivor")
            let bystander = try await client.subscriber.listen(to: "bystander")
            var iterator = listener.makeAsyncIterator()
            try await publisher.send("CLIENT", "KILL", "TYPE", "pubsub")
            #expect(await iterator.next() == .interrupted)
            try await listener.resume()
            #expect(try await pubsubConnections(publisher) == 1)
            // Every channel that still has listeners was subscribed again on the new connection.
            #expect(try await publisher.publish("after", to: "survivor") == 1)
            #expect(try await publisher.publish("after", to: "bystander") == 1)
            #expect(await iterator.next() == .message(Array("after".utf8)))
            _ = bystander
        }
    }
}
