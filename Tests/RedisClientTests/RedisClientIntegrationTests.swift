import Foundation
import TestSupport
import Testing

@testable import RedisClient

/// Against the real redis-server from `Deploy/services.sh`.
@Suite struct RedisClientIntegrationTests {
    let client: RedisClient
    let prefix = "test:\(UUID().uuidString.prefix(8)):"

    init() throws {
        client = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
    }

    @Test func commandsAndErrorReplies() async throws {
        try await client.ping()
        try await client.send("SET", prefix + "k", [UInt8]([0, 255, 10]))
        #expect(try await client.send("GET", prefix + "k").bytes == [0, 255, 10])
        #expect(try await client.send("GET", prefix + "missing") == .null)
        let error = await #expect(throws: RedisError.self) { try await client.send("NOPE") }
        #expect(error?.serverCode == "ERR")
        // The connection is still usable after an error reply.
        #expect(try await client.send("INCRBY", prefix + "n", 5).int == 5)
        await client.shutDown()
    }

    @Test func pipelineAnswersEveryCommandInOrderAndKeepsErrorsInPlace() async throws {
        var commands = (0..<500).map { RedisCommand("RPUSH", prefix + "list", $0) }
        commands.append(RedisCommand("HGET", prefix + "list", "field"))
        commands.append(RedisCommand("LLEN", prefix + "list"))
        let replies = try await client.pipeline(commands)
        #expect(replies.count == 502)
        #expect(try replies[499].get().int == 500)
        #expect(throws: RedisError.self) { try replies[500].get() }
        #expect(try replies[501].get().int == 500)
        await client.shutDown()
    }

    @Test func scriptsRunByShaAndFallBackToEval() async throws {
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        try await client.send("SCRIPT", "FLUSH")
        #expect(try await client.run(script, keys: [prefix + "counter"], arguments: [3]).int == 3)
        // Cached now: EVALSHA succeeds without the fallback.
        #expect(try await client.send("EVALSHA", script.sha1, 1, prefix + "counter", 4).int == 7)
        await client.shutDown()
    }

    @Test func publishedMessagesReachSubscribers() async throws {
        let channel = prefix + "events"
        let subscription = try await client.subscribe(channels: [channel], patterns: [prefix + "p.*"])
        #expect(try await client.publish("one", to: channel) == 1)
        #expect(try await client.publish("two", to: prefix + "p.x") == 1)
        var received: [RedisPubSubMessage] = []
        for try await message in subscription {
            received.append(message)
            if received.count == 2 { break }
        }
        #expect(received[0].text == "one")
        #expect(received[0].channel == channel)
        #expect(received[1].pattern == prefix + "p.*")
        #expect(received[1].channel == prefix + "p.x")
        await client.shutDown()
    }

    @Test func streamCommandsAreTyped() async throws {
        let stream = prefix + "stream"
        try await client.xgroupCreate(stream, group: "workers")
        try await client.xgroupCreate(stream, group: "workers")  // existing group is fine
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(
                try await client.xadd(
                    stream, fields: [("job", "j\(index)"), ("n", index)], trim: .approximateMaxLength(1000)))
        }
        let first = try await client.xreadgroup(group: "workers", consumer: "a", stream: stream, count: 2)
        #expect(first.map(\.id) == Array(ids.prefix(2)))
        #expect(first[0]["job"] == "j0")
        #expect(first[1]["n"] == "1")

        let summary = try await client.xpendingSummary(stream, group: "workers")
        #expect(summary.count == 2)
        #expect(summary.consumers == ["a": 2])

        // Consumer b claims what a left idle; each claim counts as a delivery.
        try await Task.sleep(for: .milliseconds(20))
        let claimed = try await client.xautoclaim(stream, group: "workers", consumer: "b", minIdle: .milliseconds(10))
        #expect(claimed.entries.map(\.id) == Array(ids.prefix(2)))
        #expect(claimed.nextCursor == "0-0")
        let pending = try await client.xpending(stream, group: "workers")
        #expect(pending.map(\.deliveryCount) == [2, 2])
        #expect(pending.allSatisfy { $0.consumer == "b" })

        // A pending entry deleted from the stream is reported by XAUTOCLAIM, not returned.
        try await client.send("XDEL", stream, ids[1])
        try await Task.sleep(for: .milliseconds(20))
        let again = try await client.xautoclaim(stream, group: "workers", consumer: "c", minIdle: .milliseconds(10))
        #expect(again.deletedIDs == [ids[1]])
        #expect(again.entries.map(\.id) == [ids[0]])

        #expect(try await client.xack(stream, group: "workers", ids: [ids[0], ids[1]]) == 1)
        let groups = try await client.xinfoGroups(stream)
        #expect(groups.map(\.name) == ["workers"])
        #expect(groups[0].pending == 0)
        let info = try await client.xinfoStream(stream)
        #expect(info.length == 2)
        #expect(info.lastGeneratedID == ids[2])
        await client.shutDown()
    }

    @Test func aBlockingReadOnItsOwnConnectionDoesNotStallOthers() async throws {
        let stream = prefix + "blocking"
        try await client.xgroupCreate(stream, group: "g", startID: "$")
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let entries = try await client.withDedicatedConnection { connection in
                    try await client.xreadgroup(
                        group: "g", consumer: "reader", stream: stream, block: .seconds(20), on: connection
                    )
                }
                #expect(entries.count == 1)
            }
            try await Task.sleep(for: .milliseconds(100))
            // While the reader blocks (for up to 20 s), pooled commands still answer; the bounds leave room for a
            // loaded machine and stay far below the block.
            for _ in 0..<20 { try await client.ping() }
            #expect(start.duration(to: .now) < .seconds(8))
            try await client.xadd(stream, fields: [("wake", "up")])
            try await group.waitForAll()
        }
        #expect(start.duration(to: .now) < .seconds(15))
        await client.shutDown()
    }

    @Test func aCommandPastItsDeadlineFailsWithTimeout() async throws {
        let impatient = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: try RedisEndpoint(url: TestEndpoints.redisURL),
                commandTimeout: .milliseconds(200)
            )
        )
        await #expect(throws: RedisError.timeout(command: "BLPOP")) {
            try await impatient.send("BLPOP", prefix + "never", 1)
        }
        try await Task.sleep(for: .seconds(1))
        // The timed-out connection was dropped; a new one answers (given longer than 200 ms: the first test phase
        // loads both cores).
        #expect(try await impatient.send(RedisCommand("PING"), timeout: .seconds(10)).string == "PONG")
        await impatient.shutDown()
    }
}
