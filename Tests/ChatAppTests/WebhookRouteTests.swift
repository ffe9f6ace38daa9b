import ChatAPI
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

/// Incoming webhooks: made and managed per channel with ManageWebhooks, executed with Revolt's body, Discord's body
/// and GitHub's deliveries; every refusal leaves no message behind.
@Suite struct WebhookRouteTests {
    /// A server with one channel, its owner, and a webhook made in it.
    struct Setup {
        var owner: APIClient
        var ownerID: String
        var server: String
        var channel: String
        var webhook: [String: Any]
        var id: String { webhook["id"] as? String ?? "" }
        var token: String { webhook["token"] as? String ?? "" }
    }

    static func setUp(_ client: any TestClientProtocol) async throws -> Setup {
        let (owner, ownerID) = try await APIClient(client: client).signUp("hookowner")
        let made = try await owner.post("/servers/create", ["name": "Hooks"])
        let server = try #require(made["server"].flatMap { ($0 as? [String: Any])?["_id"] as? String })
        let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
        let created = try await owner.post("/channels/\(channel)/webhooks", ["name": "CI"])
        #expect(created.status == .ok, "\(created.string)")
        let webhook = try #require(created.json as? [String: Any])
        return Setup(owner: owner, ownerID: ownerID, server: server, channel: channel, webhook: webhook)
    }

    static func messages(_ setup: Setup) async throws -> [[String: Any]] {
        try await setup.owner.get("/channels/\(setup.channel)/messages?sort=Oldest").json as? [[String: Any]] ?? []
    }

    @Test(arguments: ChatFixture.Backend.allCases)
    func revoltAndDiscordBodiesBecomeMessagesOfTheWebhook(backend: ChatFixture.Backend) async throws {
        let fixture = try await ChatFixture.make(backend)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let setup = try await Self.setUp(client)
            #expect((setup.token).count == 64)
            #expect(setup.webhook["channel_id"] as? String == setup.channel)
            #expect(setup.webhook["creator_id"] as? String == setup.ownerID)
            #expect(setup.webhook["permissions"] as? Int == 876_609_536)
            let anonymous = APIClient(client: client)

            let listed = try await setup.owner.get("/channels/\(setup.channel)/webhooks")
            #expect((listed.json as? [[String: Any]])?.map { $0["id"] as? String } == [setup.id])
            let looked = try await anonymous.get("/webhooks/\(setup.id)/\(setup.token)")
            #expect(looked["name"] as? String == "CI")
            #expect(looked["token"] == nil, "the token is not echoed to its holder")

            // Revolt's body, with an idempotency key honoured on a retry.
            let revolt = try await anonymous.post(
                "/webhooks/\(setup.id)/\(setup.token)",
                ["content": "build **passed**", "masquerade": ["name": "Runner"]], headers: ["Idempotency-Key": "b1"])
            #expect(revolt.status == .ok, "\(revolt.string)")
            #expect(revolt["author"] as? String == setup.id)
            #expect((revolt["webhook"] as? [String: Any])?["name"] as? String == "CI")
            let retried = try await anonymous.post(
                "/webhooks/\(setup.id)/\(setup.token)", ["content": "build **passed**"],
                headers: ["Idempotency-Key": "b1"])
            #expect(retried.status == .conflict)

            // Discord's body: 204 without wait, the message with wait=true; username and avatar as masquerade.
            let discord: [String: Any] = [
                "content": "deployed", "username": "Deploy Bot", "avatar_url": "https://example.com/a.png",
                "embeds": [
                    [
                        "title": "Release 1.2", "description": "Changes", "color": 0x00FF00,
                        "fields": [["name": "Env", "value": "prod"]], "footer": ["text": "CI"],
                    ]
                ],
            ]
            let quiet = try await anonymous.post("/webhooks/\(setup.id)/\(setup.token)", discord)
            #expect(quiet.status == .noContent)
            let waited = try await anonymous.post("/webhooks/\(setup.id)/\(setup.token)?wait=true", discord)
            #expect(waited.status == .ok, "\(waited.string)")
            #expect((waited["masquerade"] as? [String: Any])?["name"] as? String == "Deploy Bot")
            let embed = try #require((waited["embeds"] as? [[String: Any]])?.first)
            #expect(embed["type"] as? String == "Text")
            #expect(embed["title"] as? String == "Release 1.2")
            #expect(embed["colour"] as? String == "#00ff00")
            #expect((embed["description"] as? String)?.contains("**Env**\nprod") == true)

            let stored = try await Self.messages(setup)
            #expect(stored.map { $0["author"] as? String } == [setup.id, setup.id, setup.id])
            let events = try await fixture.events()
            #expect(
                events.contains {
                    $0.type == "WebhookCreate" && !String(decoding: $0.body, as: UTF8.self).contains(setup.token)
                })
            #expect(events.filter { $0.type == "Message" }.count == 3)
        }
    }

    @Test func badExecutionsStoreNothing() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let setup = try await Self.setUp(client)
            let anonymous = APIClient(client: client)
            let url = "/webhooks/\(setup.id)/\(setup.token)"
            let wrongToken = try await anonymous.post(
                "/webhooks/\(setup.id)/\(String(repeating: "x", count: 64))", ["content": "hi"])
            #expect(wrongToken.status == .notFound)
            let unknown = try await anonymous.post(
                "/webhooks/01HZZZZZZZZZZZZZZZZZZZZZZZ/\(setup.token)", ["content": "hi"])
            #expect(unknown.status == .notFound)
            let wrongShape = try await anonymous.post(url, ["content": 5])
            #expect(wrongShape.status == .badRequest)
            #expect(wrongShape.type == "FailedValidation")
            let tooLong = try await anonymous.post(url, ["content": String(repeating: "a", count: 2001)])
            #expect(tooLong.status == .badRequest)
            let discordTooLong = try await anonymous.post(
                url, ["username": "x", "content": String(repeating: "a", count: 2001)])
            #expect(discordTooLong.status == .badRequest)
            let tooManyEmbeds = try await anonymous.post(
                url, ["username": "x", "embeds": Array(repeating: ["title": "t", "color": 1], count: 11)])
            #expect(tooManyEmbeds.type == "TooManyEmbeds")
            let notJSON = try await anonymous.request(.post, url, raw: "content=hi")
            #expect(notJSON.status == .badRequest)
            let empty = try await anonymous.post(url, [String: Any]())
            #expect(empty.type == "EmptyMessage")
            #expect(try await Self.messages(setup).isEmpty)

            // A member without ManageWebhooks can neither make nor list them.
            let (other, _) = try await APIClient(client: client).signUp("nohooks")
            let invite = try await setup.owner.post("/channels/\(setup.channel)/invites")
            _ = try await other.post("/invites/\(try #require(invite["_id"] as? String))")
            #expect(
                try await other.post("/channels/\(setup.channel)/webhooks", ["name": "x"]).type == "MissingPermission")
            #expect(try await other.get("/channels/\(setup.channel)/webhooks").type == "MissingPermission")
            #expect(
                try await setup.owner.post("/channels/\(setup.channel)/webhooks", ["name": ""]).status == .badRequest)

            // Editing and deleting: by token or by a manager; a deleted webhook executes nothing.
            let renamed = try await anonymous.patch(url, ["name": "Builds"])
            #expect(renamed["name"] as? String == "Builds")
            let byToken = try await anonymous.patch(url, ["permissions": 0])
            #expect(byToken.status == .badRequest, "permissions only through a manager")
            let muted = try await setup.owner.patch("/webhooks/\(setup.id)", ["permissions": 0])
            #expect(muted["permissions"] as? Int == 0)
            #expect(try await anonymous.post(url, ["content": "hi"]).type == "MissingPermission")
            #expect(try await anonymous.delete(url).status == .noContent)
            #expect(try await anonymous.post(url, ["content": "hi"]).status == .notFound)
            #expect(try await Self.messages(setup).isEmpty)
            let types = try await fixture.events().map(\.type)
            #expect(types.contains("WebhookUpdate") && types.contains("WebhookDelete"))
        }
    }

    static func gitHubSample(_ name: String) throws -> Data {
        try Data(
            contentsOf: StoatClientTests.root.appendingPathComponent("Tests/ChatAppTests/Fixtures/github/\(name).json"))
    }

    @Test func gitHubDeliveriesRenderAsReadableMessages() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let setup = try await Self.setUp(client)
            let url = "/api/webhooks/\(setup.id)/\(setup.token)/github"
            func deliver(_ event: String, _ body: Data, signature: String? = nil) async throws -> (Int, String) {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[HTTPField.Name("X-GitHub-Event")!] = event
                if let signature { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
                let response = try await client.execute(
                    uri: url, method: .post, headers: headers, body: ByteBuffer(data: body))
                return (Int(response.status.code), String(buffer: response.body))
            }
            func sign(_ body: Data, _ secret: String) -> String {
                "sha256="
                    + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
                    .map { String(format: "%02x", $0) }.joined()
            }
            let push = try Self.gitHubSample("push")
            #expect(try await deliver("push", push, signature: sign(push, setup.token)).0 == 200)
            for name in ["pull_request", "issues", "release"] {
                let (status, text) = try await deliver(name, try Self.gitHubSample(name))
                #expect(status == 200, "\(name): \(text)")
            }
            #expect(try await deliver("ping", Data(#"{"zen":"Keep it simple."}"#.utf8)).0 == 204)

            // Refused, leaving nothing: an unknown event, a forged body, a body that is not an object.
            let (unknownStatus, unknownText) = try await deliver("deployment_status", push)
            #expect(unknownStatus == 400)
            #expect(unknownText.contains("UnsupportedEvent"))
            var forged = push
            forged.append(contentsOf: Array(" ".utf8))
            #expect(try await deliver("push", forged, signature: sign(push, setup.token)).0 == 401)
            #expect(try await deliver("push", push, signature: sign(push, "another secret")).0 == 401)
            #expect(try await deliver("push", Data("[1]".utf8)).0 == 400)

            let contents = try await Self.messages(setup).compactMap { $0["content"] as? String }
            #expect(contents.count == 4)
            #expect(contents[0].hasPrefix("[octo/hello:main] **octocat** pushed 2 commits"))
            #expect(contents[0].contains("[`8e1f1ff`](https://github.com/octo/hello/commit/8e1f1ff"))
            #expect(
                contents[1].contains(
                    "opened pull request [#7 Add a \\*greeting\\*](https://github.com/octo/hello/pull/7)"))
            #expect(contents[2].contains("closed issue [#12 Crash on start]"))
            #expect(contents[3].contains("published release [v1.0.0]"))
        }
    }
}
