import ChatAPI
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import App

/// Integrations checked by independent implementations (Clients/integrations_drive.py, in .tools/venv): signed
/// deliveries verified with PyNaCl, retried after a 500 and refused for endpoints that accept forged signatures,
/// time out, fail or redirect; a Discord-style webhook posted with curl and a Revolt-style one seen on the gateway;
/// LiveKit join tokens verified and webhooks signed by the `livekit-api` package.
@Suite struct IntegrationClientTests {
    @Test func independentClientsAcceptWhatTheServerSignsAndSends() async throws {
        let python = StoatClientTests.root.appendingPathComponent(".tools/venv/bin/python").path
        #expect(
            FileManager.default.isExecutableFile(atPath: python),
            "the test venv is missing: run `make setup` (Deploy/setup.sh)")
        let fixture = try await ChatFixture.make(
            .sqlite,
            [
                "proxy.allow": "127.0.0.1/32", "api.bot_delivery_window": "5s",
                "voice.livekit_url": "wss://voice.example",
                "voice.api_key": "APIdiscordination", "voice.api_secret": "a-livekit-secret-of-some-length",
            ])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let run = try await ToolRun.run(
                python,
                [
                    StoatClientTests.root.appendingPathComponent("Tests/ChatAppTests/Clients/integrations_drive.py")
                        .path,
                    "http://127.0.0.1:\(port)/api", "ws://127.0.0.1:\(port)/ws", "APIdiscordination",
                    "a-livekit-secret-of-some-length",
                ], timeout: .seconds(240))
            #expect(run.status == 0, "integrations_drive.py failed:\n\(run.errorText)\n\(run.outputText)")
            let summary = try #require(run.summary, "\(run.outputText)")
            #expect((summary["delivered"] as? [String])?.sorted() == ["fail once", "hello bot"])
            #expect(summary["gateway_webhook_messages"] as? [String?] == ["Deploy finished", "Revolt style"])
            #expect(summary["voice_events"] as? [String] == ["VoiceChannelJoin", "VoiceChannelLeave"])
            #expect((summary["livekit_sources"] as? [String])?.contains("microphone") == true)

            // Four user messages (one in a channel the bot cannot see), the bot's own (not delivered back to it) and
            // two webhook messages.
            #expect(try await fixture.events().filter { $0.type == "Message" }.count == 7)
            #expect((summary["given_up"] as? [String: Any])?["error"] as? String == "status 500")
        }
    }
}
