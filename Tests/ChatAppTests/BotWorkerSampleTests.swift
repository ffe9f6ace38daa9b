import ChatAPI
import Foundation
import HummingbirdTesting
import RedisClient
import TestSupport
import Testing

@testable import App

/// The broker is a supported interface: `Samples/bot_worker.py` (redis-py, unmodified) joins the events stream with
/// its own consumer group and answers `!ping` through the API with its bot token.
@Suite struct BotWorkerSampleTests {
    @Test func theSampleWorkerAnswersACommand() async throws {
        let python = StoatClientTests.root.appendingPathComponent(".tools/venv/bin/python").path
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (owner, _) = try await api.signUp("workerowner")
            let made = try await owner.post("/servers/create", ["name": "Broker"])
            let server = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let bot = try await owner.post("/bots/create", ["name": "pinger"])
            let botID = try #require(bot["_id"] as? String)
            let token = try #require(bot["token"] as? String)
            #expect(try await owner.post("/bots/\(botID)/invite", ["server": server]).status == .noContent)

            async let worker = ToolRun.run(
                python,
                [
                    StoatClientTests.root.appendingPathComponent("Samples/bot_worker.py").path,
                    "--redis", TestEndpoints.redisURL, "--prefix", fixture.namespace, "--api",
                    "http://127.0.0.1:\(port)/api", "--token", token, "--once",
                ], timeout: .seconds(60))
            let redis = RedisClient(
                configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
            var joined = false
            for _ in 0..<200 where !joined {
                joined =
                    (try? await redis.xinfoGroups(fixture.namespace + ":events"))?.contains { $0.name == "ping-bot" }
                    ?? false
                if !joined { try await Task.sleep(for: .milliseconds(100)) }
            }
            await redis.shutDown()
            #expect(joined, "the worker made its consumer group")
            let ping = try await owner.post("/channels/\(channel)/messages", ["content": "!ping"])
            let run = try await worker
            #expect(run.status == 0, "bot_worker.py failed:\n\(run.errorText)")
            let history =
                try await owner.get("/channels/\(channel)/messages?sort=Oldest").json as? [[String: Any]] ?? []
            let answer = try #require(history.last)
            #expect(answer["author"] as? String == botID)
            #expect(answer["content"] as? String == "pong")
            #expect(answer["replies"] as? [String] == [try #require(ping["_id"] as? String)])
        }
    }
}
