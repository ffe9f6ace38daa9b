import ChatAPI
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import App
@testable import ChatAPI

/// Revolt's bot API beyond creation: edit, token reset, public bots, invites to servers and groups, delete, and a bot
/// kept to the channels it can see.
@Suite struct BotRouteTests {
    @Test(arguments: ChatFixture.Backend.allCases)
    func ownersManageTheirBots(backend: ChatFixture.Backend) async throws {
        let fixture = try await ChatFixture.make(backend)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (owner, ownerID) = try await APIClient(client: client).signUp("botowner")
            let created = try await owner.post("/bots/create", ["name": "helper"])
            let botID = try #require(created["_id"] as? String, "\(created.string)")
            let firstToken = try #require(created["token"] as? String)
            #expect((created["public_key"] as? String)?.count == 64, "an Ed25519 key in hex")
            #expect((created["user"] as? [String: Any])?["bot"] as? [String: String] == ["owner": ownerID])
            let bot = owner.with(token: firstToken, bot: true)
            #expect(try await bot.get("/users/@me")["_id"] as? String == botID)

            // Public, renamed; a stranger sees it and may invite it to a server it manages.
            let edited = try await owner.patch("/bots/\(botID)", ["public": true, "name": "helper2"])
            #expect(edited["public"] as? Bool == true, "\(edited.string)")
            #expect(
                try await owner.get("/bots/\(botID)")["user"].flatMap { ($0 as? [String: Any])?["username"] as? String }
                    == "helper2")
            let (stranger, strangerID) = try await APIClient(client: client).signUp("stranger")
            let shown = try await stranger.get("/bots/\(botID)/invite")
            #expect(shown["username"] as? String == "helper2")
            #expect(try await stranger.get("/bots/\(botID)").status == .notFound, "only the owner sees the bot itself")
            let server = try #require(
                (try await stranger.post("/servers/create", ["name": "S"])["server"] as? [String: Any])?["_id"]
                    as? String)
            #expect(try await stranger.post("/bots/\(botID)/invite", ["server": server]).status == .noContent)
            #expect(try await stranger.post("/bots/\(botID)/invite", ["server": server]).type == "AlreadyInServer")
            let group = try await stranger.post("/channels/create", ["name": "G", "users": [String]()])
            let groupID = try #require(group["_id"] as? String, "\(group.string)")
            #expect(try await stranger.post("/bots/\(botID)/invite", ["group": groupID]).status == .noContent)
            #expect(try await stranger.post("/bots/\(botID)/invite", [String: Any]()).status == .badRequest)
            #expect(try await bot.get("/servers/\(server)").status == .ok)

            // Resetting the token: the old one stops at once, the new one works.
            let reset = try await owner.patch("/bots/\(botID)", ["remove": ["Token"]])
            let secondToken = try #require(reset["token"] as? String)
            #expect(secondToken != firstToken && !secondToken.isEmpty)
            #expect(try await bot.get("/users/@me").status == .unauthorized)
            let renewed = owner.with(token: secondToken, bot: true)
            #expect(try await renewed.get("/users/@me")["_id"] as? String == botID)
            #expect(try await owner.patch("/bots/\(botID)", ["remove": ["Owner"]]).status == .badRequest)
            #expect(try await stranger.patch("/bots/\(botID)", ["public": false]).status == .notFound)

            // A bot acting in a channel it cannot see gets the same 404 as anyone.
            let (_, _) = (strangerID, ())
            let privateServer = try await owner.post("/servers/create", ["name": "Private"])
            let hidden = try #require((privateServer["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            #expect(try await renewed.post("/channels/\(hidden)/messages", ["content": "hi"]).type == "UnknownChannel")

            // Deleting: the token stops, the bot leaves the server (its members are told).
            #expect(try await owner.delete("/bots/\(botID)").status == .noContent)
            #expect(try await renewed.get("/users/@me").status == .unauthorized)
            let members = try await stranger.get("/servers/\(server)/members")
            let ids = ((members["members"] as? [[String: Any]]) ?? []).compactMap {
                ($0["_id"] as? [String: String])?["user"]
            }
            #expect(!ids.contains(botID))
            #expect(try await owner.get("/bots/@me")["bots"].map { ($0 as? [Any])?.count } == 0)
            let left = try await fixture.events().filter { $0.type == "ServerMemberLeave" }
            #expect(left.contains { String(decoding: $0.body, as: UTF8.self).contains(botID) })
        }
    }

    /// Saving an interactions URL checks it first: one that is not http(s), points at a private address, or (in
    /// `BotDeliveryTests`) does not answer the PING properly is refused and not kept.
    @Test func endpointsThatCannotBeCheckedAreRefused() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (owner, _) = try await APIClient(client: client).signUp("endpointer")
            let botID = try #require(try await owner.post("/bots/create", ["name": "signer"])["_id"] as? String)
            for url in [
                "ftp://example.com/x", "not a url", "https://192.168.1.10/interactions", "https://10.1.2.3/",
                "https://[::1]/x", "http://example.com/plain-http",
            ] {
                let answer = try await owner.patch("/bots/\(botID)", ["interactions_url": url])
                #expect(answer.status == .badRequest, "\(url): \(answer.string)")
                #expect(answer.type == "InvalidInteractionsURL", "\(url)")
            }
            #expect(
                try await owner.get("/bots/\(botID)")["bot"].flatMap { ($0 as? [String: Any])?["interactions_url"] }
                    == nil)
            let deliveries = try await owner.get("/bots/\(botID)/deliveries")
            #expect((deliveries["public_key"] as? String)?.count == 64)
            #expect((deliveries["failed"] as? [Any])?.isEmpty == true)
        }
    }

    /// An endpoint that passed its check and later points at a private address (its DNS changed, or it was stored
    /// before a rule did) gets nothing: every delivery goes through SafeFetch's address rules, and is given up and
    /// listed for the owner.
    @Test func deliveriesNeverReachAPrivateAddress() async throws {
        let fixture = try await ChatFixture.make(.sqlite, ["api.bot_delivery_window": "1s"])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let (owner, _) = try await APIClient(client: client).signUp("privateowner")
            let made = try await owner.post("/servers/create", ["name": "P"])
            let server = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let botID = try #require(try await owner.post("/bots/create", ["name": "inside"])["_id"] as? String)
            #expect(try await owner.post("/bots/\(botID)/invite", ["server": server]).status == .noContent)
            try await fixture.metadata { metadata in
                _ = try await ChatStore(metadata: metadata).updateBot(
                    id: botID, .init(interactionsURL: .some("https://10.9.8.7/interactions")))
            }
            _ = try await owner.post("/channels/\(channel)/messages", ["content": "to the bot"])
            var failed: [[String: Any]] = []
            for _ in 0..<300 where failed.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                failed = try await owner.get("/bots/\(botID)/deliveries")["failed"] as? [[String: Any]] ?? []
            }
            let failure = try #require(failed.first)
            #expect(failure["event_type"] as? String == "Message")
            #expect((failure["error"] as? String)?.contains("private") == true, "\(failure)")
        }
    }
}
