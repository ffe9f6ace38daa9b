import ChatAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import App

/// The chat API through the whole application, the same suite on SQLite and PostgreSQL: people sign up, make a
/// server, invite each other, talk, and the permissions, events and read state follow.
@Suite struct ConversationRouteTests {
    @Test(arguments: ChatFixture.Backend.allCases)
    func aConversationFromSignUpToDeletion(backend: ChatFixture.Backend) async throws {
        let fixture = try await ChatFixture.make(backend)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let api = APIClient(client: client)
            let root = try await api.get("/")
            #expect(root.status == .ok)
            #expect(root["ws"] as? String == "ws://chat.example/ws")
            #expect(
                ((root["features"] as? [String: Any])?["autumn"] as? [String: Any])?["url"] as? String
                    == "http://chat.example/autumn")

            let (alice, aliceID) = try await api.signUp("alice")
            let (bob, bobID) = try await api.signUp("bob")
            #expect(try await alice.get("/onboard/hello")["onboarding"] as? Bool == false)
            let me = try await alice.get("/users/@me")
            #expect(me["username"] as? String == "alice" && me["relationship"] as? String == "User")
            #expect((me["discriminator"] as? String)?.count == 4)
            #expect(try await bob.get("/users/\(aliceID)")["relationship"] as? String == "None")
            // PATCH sets what it names and clears what `remove` lists.
            let named = try await alice.patch(
                "/users/@me", ["display_name": "Ada L.", "status": ["text": "writing", "presence": "Focus"]])
            #expect(named["display_name"] as? String == "Ada L.")
            #expect((named["status"] as? [String: Any])?["presence"] as? String == "Focus")
            let cleared = try await alice.patch("/users/@me", ["remove": ["DisplayName", "StatusText"]])
            #expect(cleared["display_name"] == nil)
            #expect((cleared["status"] as? [String: Any])?["text"] == nil)
            #expect((cleared["status"] as? [String: Any])?["presence"] as? String == "Focus")

            let made = try await alice.post("/servers/create", ["name": "Chat"])
            #expect(made.status == .ok, "\(made.string)")
            let server = try #require(made["server"] as? [String: Any])
            let serverID = try #require(server["_id"] as? String)
            #expect(server["default_permissions"] as? Int == 77_014_766_592)
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let secret = try await alice.post("/servers/\(serverID)/channels", ["type": "Text", "name": "secret"])
            let secretID = try #require(secret["_id"] as? String)

            // Bob is no member yet: the server and its channels do not exist for him.
            #expect(try await bob.get("/servers/\(serverID)").type == "UnknownServer")
            #expect(try await bob.get("/channels/\(general)/messages").type == "UnknownChannel")

            let invite = try await alice.post("/channels/\(general)/invites")
            let code = try #require(invite["_id"] as? String)
            let joined = try await bob.post("/invites/\(code)")
            #expect(joined["type"] as? String == "Server")
            #expect((joined["channels"] as? [[String: Any]])?.count == 2)
            #expect(try await bob.post("/invites/\(code)").type == "AlreadyInServer")

            // Talking: a send carries the author inline; the nonce makes a retried send harmless.
            let hello = try await bob.post(
                "/channels/\(general)/messages", ["content": "hi <@\(aliceID)>"], headers: ["Idempotency-Key": "n-1"])
            #expect(hello.status == .ok, "\(hello.string)")
            let helloID = try #require(hello["_id"] as? String)
            #expect((hello["user"] as? [String: Any])?["username"] as? String == "bob")
            #expect((hello["member"] as? [String: Any]) != nil)
            #expect(hello["mentions"] as? [String] == [aliceID])
            #expect(
                try await bob.post(
                    "/channels/\(general)/messages", ["content": "hi again"], headers: ["Idempotency-Key": "n-1"]
                ).type == "DuplicateNonce")
            let reply = try await alice.post(
                "/channels/\(general)/messages",
                ["content": "hello bob", "replies": [["id": helloID, "mention": true]]])
            let replyID = try #require(reply["_id"] as? String)
            #expect(reply["replies"] as? [String] == [helloID])
            #expect(reply["mentions"] as? [String] == [bobID])

            let history = try await alice.get("/channels/\(general)/messages?limit=10")
            #expect((history.json as? [[String: Any]])?.compactMap { $0["_id"] as? String } == [replyID, helloID])
            let oldest = try await alice.get("/channels/\(general)/messages?sort=Oldest&include_users=true")
            #expect(((oldest["messages"] as? [[String: Any]])?.first?["_id"] as? String) == helloID)
            #expect((oldest["users"] as? [[String: Any]])?.count == 2)
            let before = try await alice.get("/channels/\(general)/messages?before=\(replyID)")
            #expect((before.json as? [[String: Any]])?.count == 1)

            // Alice's own reply marked the channel read for her, mention included; acknowledging moves the marker.
            #expect(try await alice.put("/channels/\(general)/ack/\(replyID)").status == .noContent)
            let unread = try await alice.get("/sync/unreads")
            let marker = ((unread.json as? [[String: Any]]) ?? []).first {
                (($0["_id"] as? [String: Any])?["channel"] as? String) == general
            }
            #expect(marker?["last_id"] as? String == replyID)
            #expect((marker?["mentions"] as? [String] ?? []).isEmpty)

            // Editing is the author's; deleting another's needs ManageMessages, which a role can grant.
            #expect(
                try await alice.patch("/channels/\(general)/messages/\(helloID)", ["content": "x"]).type
                    == "CannotEditMessage")
            let edited = try await bob.patch("/channels/\(general)/messages/\(helloID)", ["content": "hi, edited"])
            #expect(edited["content"] as? String == "hi, edited" && edited["edited"] != nil)
            let refused = try await bob.delete("/channels/\(general)/messages/\(replyID)")
            #expect(refused.status == .forbidden && refused["permission"] as? String == "ManageMessages")
            let role = try await alice.post("/servers/\(serverID)/roles", ["name": "Mods"])
            let roleID = try #require(role["id"] as? String)
            let granted = try await alice.put(
                "/servers/\(serverID)/permissions/\(roleID)", ["permissions": ["allow": 1 << 23, "deny": 0]])
            #expect(granted.status == .ok, "\(granted.string)")
            #expect(try await alice.patch("/servers/\(serverID)/members/\(bobID)", ["roles": [roleID]]).status == .ok)
            #expect(
                try await bob.put("/channels/\(general)/messages/\(replyID)/reactions/%F0%9F%91%8D").status
                    == .noContent)
            #expect(
                try await alice.put("/channels/\(general)/messages/\(replyID)/reactions/%F0%9F%91%8D").status
                    == .noContent)
            let reacted = try await alice.get("/channels/\(general)/messages/\(replyID)")
            #expect(Set((reacted["reactions"] as? [String: [String]])?["👍"] ?? []) == [aliceID, bobID])
            #expect(try await bob.delete("/channels/\(general)/messages/\(replyID)").status == .noContent)
            #expect(try await alice.get("/channels/\(general)/messages/\(replyID)").type == "UnknownMessage")

            // A channel whose default override takes ViewChannel away disappears for Bob (404, not 403).
            let hidden = try await alice.put(
                "/channels/\(secretID)/permissions/default", ["permissions": ["allow": 0, "deny": 1 << 20]])
            #expect(hidden.status == .ok, "\(hidden.string)")
            #expect(try await bob.get("/channels/\(secretID)").type == "UnknownChannel")
            #expect(try await alice.get("/channels/\(secretID)").status == .ok)

            // A timed-out member keeps reading but cannot send.
            let until = JSONCodingTimestamp.string(Date.now.addingTimeInterval(600))
            #expect(try await alice.patch("/servers/\(serverID)/members/\(bobID)", ["timeout": until]).status == .ok)
            let muted = try await bob.post("/channels/\(general)/messages", ["content": "let me speak"])
            #expect(muted.status == .forbidden && muted["permission"] as? String == "SendMessage", "\(muted.string)")
            #expect(try await bob.get("/channels/\(general)/messages").status == .ok)

            // Direct messages and saved messages.
            let dm = try await alice.get("/users/\(bobID)/dm")
            let dmID = try #require(dm["_id"] as? String)
            #expect(dm["channel_type"] as? String == "DirectMessage")
            #expect(try await bob.post("/channels/\(dmID)/messages", ["content": "psst"]).status == .ok)
            let dms = try await bob.get("/users/dms")
            #expect(((dms.json as? [[String: Any]]) ?? []).contains { $0["_id"] as? String == dmID })
            #expect(try await alice.get("/users/@me/dm")["channel_type"] as? String == "SavedMessages")

            // A ban removes Bob and keeps him out.
            #expect(try await alice.put("/servers/\(serverID)/bans/\(bobID)", ["reason": "spam"]).status == .ok)
            #expect(try await bob.get("/servers/\(serverID)").type == "UnknownServer")
            #expect(try await bob.post("/invites/\(code)").type == "Banned")

            let events = try await fixture.events()
            let types = events.map(\.type)
            for expected in [
                "ServerCreate", "ServerMemberJoin", "ChannelCreate", "Message", "MessageUpdate", "MessageDelete",
                "MessageReact", "ServerRoleUpdate", "ServerMemberUpdate", "ChannelAck", "ChannelUpdate",
                "ServerMemberLeave", "ServerDelete",
            ] {
                #expect(types.contains(expected), "\(expected) was not published")
            }
            let message = try #require(events.first { $0.type == "Message" })
            #expect(message.topics == [.channel(general)])
            let body = try #require(try JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any])
            #expect(body["type"] as? String == "Message" && body["_id"] as? String == helloID)
            #expect((body["user"] as? [String: Any])?["_id"] as? String == bobID)
        }
    }
}

/// ISO-8601 with milliseconds, as the API writes and reads timestamps.
enum JSONCodingTimestamp {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
