import ChatAPI
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import App

/// `join_call` refusals; the token and webhooks themselves are checked with LiveKit's own Python package in
/// `IntegrationClientTests`.
@Suite struct VoiceRouteTests {
    @Test func joinCallWithoutVoiceConfiguredNamesTheKeys() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (owner, _) = try await APIClient(client: client).signUp("novoice")
            let made = try await owner.post("/servers/create", ["name": "V"])
            let server = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let voice = try await owner.post("/servers/\(server)/channels", ["type": "Voice", "name": "Talk"])
            let answer = try await owner.post("/channels/\(try #require(voice["_id"] as? String))/join_call")
            #expect(answer.type == "VoiceUnavailable")
            #expect((answer["error"] as? String)?.contains("voice.livekit_url") == true)
            #expect(
                try await owner.get("/")["features"].flatMap {
                    (($0 as? [String: Any])?["livekit"] as? [String: Any])?["enabled"] as? Bool
                } == false)
        }
    }

    @Test func joinCallNeedsAVoiceChannelAndConnect() async throws {
        let fixture = try await ChatFixture.make(
            .sqlite,
            ["voice.livekit_url": "wss://voice.example", "voice.api_key": "key", "voice.api_secret": "secret-secret"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (owner, _) = try await APIClient(client: client).signUp("voiceowner")
            let made = try await owner.post("/servers/create", ["name": "V"])
            let server = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let text = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            #expect(try await owner.post("/channels/\(text)/join_call").type == "NotAVoiceChannel")
            let voice = try #require(
                try await owner.post("/servers/\(server)/channels", ["type": "Voice", "name": "Talk"])["_id"] as? String
            )
            let joined = try await owner.post("/channels/\(voice)/join_call")
            #expect(joined["url"] as? String == "wss://voice.example")
            #expect((joined["token"] as? String)?.split(separator: ".").count == 3)
            #expect(
                try await owner.get("/")["features"].flatMap {
                    (($0 as? [String: Any])?["livekit"] as? [String: Any])?["enabled"] as? Bool
                } == true)

            // @everyone loses Connect in the voice channel: a member gets MissingPermission.
            let (member, _) = try await APIClient(client: client).signUp("listener")
            let invite = try await owner.post("/channels/\(text)/invites")
            _ = try await member.post("/invites/\(try #require(invite["_id"] as? String))")
            let connect: Int64 = 1 << 30
            _ = try await owner.put(
                "/channels/\(voice)/permissions/default", ["permissions": ["allow": 0, "deny": connect]])
            let refused = try await member.post("/channels/\(voice)/join_call")
            #expect(refused.type == "MissingPermission", "\(refused.string)")
            #expect(refused["permission"] as? String == "Connect")
        }
    }
}
