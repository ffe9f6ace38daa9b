import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import TestSupport
import Testing

@testable import App

/// Two `discordination gateway` processes beside an API: a client on one of them loses it to SIGKILL, reconnects to
/// the other with its last `seq`, and gets every message sent meanwhile, once, before the live ones.
@Suite struct GatewayFailoverTests {
    /// A `discordination gateway` child on the test's Redis namespace and database.
    final class GatewayProcess: Sendable {
        let process: Process
        let port: Int

        init(fixture: ChatFixture) throws {
            port = TestEndpoints.freePort()
            process = Process()
            process.executableURL = TestEndpoints.builtProduct("discordination")
            var arguments = ["gateway", "--set", "http.port=\(port)", "--set", "log.level=warning"]
            arguments += [
                "--set", "redis.url=\(TestEndpoints.redisURL)", "--set", "redis.key_prefix=\(fixture.namespace)",
            ]
            arguments += ["--set", "jobs.namespace=\(fixture.namespace)"]
            arguments += ["--set", "storage.data_dir=\(TestEndpoints.temporaryDirectory("gateway-child"))"]
            if case .sqlite(let path) = fixture.configuration.database {
                arguments += ["--set", "database.url=sqlite:\(path)"]
            }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func waitUntilReady() async throws {
            for _ in 0..<200 {
                if let response = try? await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(1)),
                    response.status.code == 200
                {
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("gateway on \(port) never answered /readyz")
        }

        func kill() {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test func aClientOfAKilledGatewayResumesOnTheOtherWithNothingMissed() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration, roles: [.api]).test(.live) { client in
            let first = try GatewayProcess(fixture: fixture)
            let second = try GatewayProcess(fixture: fixture)
            try await withTeardown {
                first.kill()
                second.kill()
            } body: {
                try await first.waitUntilReady()
                try await second.waitUntilReady()
                let api = APIClient(client: client)
                let (_, token) = try await api.signUpForToken("failover")
                let owner = api.with(token: token)
                let made = try await owner.post("/servers/create", ["name": "Failover"])
                let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
                let logger = Logger.quiet("ws-client")

                // On the first gateway: Ready, then one live message, whose seq is the client's last.
                let before = GatewayRouteTests.Frames()
                let lost = Task {
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(first.port)/ws?token=\(token)", logger: logger
                    ) {
                        inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { before.texts.withLock { $0.append(text) } }
                        }
                    }
                }
                _ = try await before.waitFor("Ready")
                _ = try await owner.post("/channels/\(general)/messages", ["content": "before the crash"])
                #expect(try await before.waitForText("before the crash"))
                let last = try #require(
                    before.all.last { $0.contains("before the crash") }.flatMap {
                        (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? String
                    })

                first.kill()
                _ = try? await lost.value
                for text in ["during one", "during two"] {
                    _ = try await owner.post("/channels/\(general)/messages", ["content": text])
                }

                // On the second gateway: exactly what was missed, once, then Resumed, then live.
                let after = GatewayRouteTests.Frames()
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(second.port)/ws?token=\(token)&resume=\(last)", logger: logger
                ) { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        after.texts.withLock { $0.append(text) }
                        if text.contains(#""type":"Resumed""#) {
                            _ = try await owner.post("/channels/\(general)/messages", ["content": "after"])
                        }
                        if text.contains(#""content":"after""#) {
                            try await outbound.close(.normalClosure, reason: nil)
                        }
                    }
                }
                let contents = after.all.compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["content"] as? String
                }
                #expect(contents == ["during one", "during two", "after"], "\(after.all)")
                #expect(after.types().filter { $0 != "UserUpdate" }.contains("Resumed"))
            }
        }
    }
}
