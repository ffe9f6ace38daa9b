import ChatAPI
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import App

/// The gateway through the whole application: a socket authenticates, gets `Ready`, and receives the events of
/// what it can see and nothing else; a bad token gets `InvalidSession` and a close; stoat-py's bot answers.
@Suite struct GatewayRouteTests {
    /// Frames a socket received, collected off the socket's task.
    final class Frames: Sendable {
        let texts = Mutex<[String]>([])
        var all: [String] { texts.withLock { $0 } }
        func types() -> [String] {
            all.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
            }
        }
        func waitForText(_ fragment: String) async throws -> Bool {
            for _ in 0..<200 {
                if all.contains(where: { $0.contains(fragment) }) { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
        func waitFor(_ type: String) async throws -> [String: Any] {
            for _ in 0..<200 {
                if let text = all.first(where: { $0.contains(#""type":"\#(type)""#) }) {
                    return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("no \(type) among \(types())")
            return [:]
        }
    }

    @Test func eventsReachTheSocketsThatMaySeeThem() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (owner, ownerID) = try await api.signUp("host")
            let (guest, guestToken) = try await api.signUpForToken("watcher")
            let made = try await owner.post("/servers/create", ["name": "Live"])
            let serverID = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let staff = try #require(
                try await owner.post("/servers/\(serverID)/channels", ["name": "staff"])["_id"] as? String)
            _ = try await owner.put(
                "/channels/\(staff)/permissions/default", ["permissions": ["allow": 0, "deny": 1 << 20]])
            let code = try #require(try await owner.post("/channels/\(general)/invites")["_id"] as? String)
            #expect(try await api.with(token: guestToken).post("/invites/\(code)").status == .ok)
            _ = guest

            let frames = Frames()
            let logger = Logger.quiet("ws-client")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/ws?version=1&format=json", logger: logger
                    ) {
                        inbound, outbound, _ in
                        try await outbound.write(.text(#"{"type":"Authenticate","token":"\#(guestToken)"}"#))
                        try await outbound.write(.text(#"{"type":"Ping","data":7}"#))
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { frames.texts.withLock { $0.append(text) } }
                        }
                    }
                }
                let ready = try await frames.waitFor("Ready")
                let channels = (ready["channels"] as? [[String: Any]] ?? []).compactMap { $0["_id"] as? String }
                #expect(channels.contains(general) && !channels.contains(staff), "hidden channels are not in Ready")
                let users = ready["users"] as? [[String: Any]] ?? []
                #expect(users.last?["relationship"] as? String == "User", "the connecting user comes last")
                #expect(users.contains { $0["_id"] as? String == ownerID })
                #expect(try await frames.waitFor("Pong")["data"] as? Int == 7)

                _ = try await owner.post("/channels/\(staff)/messages", ["content": "staff only"])
                _ = try await owner.post("/channels/\(general)/messages", ["content": "hello everyone"])
                let message = try await frames.waitFor("Message")
                #expect(message["content"] as? String == "hello everyone")
                #expect((message["user"] as? [String: Any])?["relationship"] as? String == "None")
                // Its own message reaches the author's socket with itself as `relationship: "User"`.
                _ = try await api.with(token: guestToken).post("/channels/\(general)/messages", ["content": "mine"])
                #expect(try await frames.waitForText(#""content":"mine""#))
                let mine = frames.all.first { $0.contains(#""content":"mine""#) } ?? ""
                #expect(mine.contains(#""relationship":"User""#), "\(mine)")
                let metrics = try await client.execute(uri: "/metrics", method: .get)
                let exposition = String(buffer: metrics.body)
                for name in ["dcn_gateway_sockets", "dcn_gateway_events_delivered_total", "dcn_gateway_fanout_latency"]
                {
                    #expect(exposition.contains(name), "\(name) missing from /metrics")
                }
                #expect(!frames.all.contains { $0.contains("staff only") }, "a hidden channel's message never arrives")

                // Opening the hidden channel brings it into view: a ChannelCreate is synthesized for this socket.
                _ = try await owner.put(
                    "/channels/\(staff)/permissions/default", ["permissions": ["allow": 1 << 20, "deny": 0]])
                let opened = try await frames.waitFor("ChannelCreate")
                #expect(opened["_id"] as? String == staff)
                _ = try await owner.post("/channels/\(staff)/messages", ["content": "staff, now open"])
                #expect(try await frames.waitForText("staff, now open"), "the opened channel's messages arrive")

                // Kicked: the server's events stop at once.
                let watcherID = try #require(try await api.with(token: guestToken).get("/users/@me")["_id"] as? String)
                #expect(try await owner.delete("/servers/\(serverID)/members/\(watcherID)").status == .noContent)
                _ = try await frames.waitFor("ServerDelete")
                _ = try await owner.post("/channels/\(general)/messages", ["content": "after the kick"])
                try await Task.sleep(for: .milliseconds(500))
                #expect(!frames.all.contains { $0.contains("after the kick") }, "a kicked member hears nothing more")
                group.cancelAll()
            }

            // Logging out closes the session's open socket: Logout, then the close.
            let (leaver, leaverToken) = try await api.signUpForToken("leaver")
            _ = leaver
            let leaving = Frames()
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws?token=\(leaverToken)", logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    leaving.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Ready""#) {
                        _ = try await api.with(token: leaverToken).post("/auth/session/logout")
                    }
                }
            }
            #expect(leaving.types().filter { $0 != "UserUpdate" } == ["Authenticated", "Ready", "Logout"])

            // `ready=` asks for some of Ready's members only.
            let filtered = Frames()
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws?token=\(guestToken)&ready=users&ready=servers", logger: logger
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    filtered.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Ready""#) { try await outbound.close(.normalClosure, reason: nil) }
                }
            }
            let partial = try await filtered.waitFor("Ready")
            #expect(Set(partial.keys) == ["type", "seq", "users", "servers"])

            let refused = Frames()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws?token=forged", logger: logger) {
                inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let text) = message { refused.texts.withLock { $0.append(text) } }
                }
            }
            #expect(refused.all == [#"{"type":"Error","error":"InvalidSession"}"#], "then the server closes")
        }
    }

    /// Coming online and going offline reach those who share a server; Ready says who is online.
    @Test func presenceFollowsTheSockets() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (owner, ownerToken) = try await api.signUpForToken("present")
            let (_, friendToken) = try await api.signUpForToken("arriving")
            let made = try await api.with(token: ownerToken).post("/servers/create", ["name": "Lobby"])
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let code = try #require(
                try await api.with(token: ownerToken).post("/channels/\(general)/invites")["_id"] as? String)
            #expect(try await api.with(token: friendToken).post("/invites/\(code)").status == .ok)
            let friendID = try #require(try await api.with(token: friendToken).get("/users/@me")["_id"] as? String)
            _ = owner

            let watching = Frames()
            let logger = Logger.quiet("ws-client")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/ws?token=\(ownerToken)", logger: logger
                    ) {
                        inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { watching.texts.withLock { $0.append(text) } }
                        }
                    }
                }
                let ready = try await watching.waitFor("Ready")
                let friend = (ready["users"] as? [[String: Any]] ?? []).first { $0["_id"] as? String == friendID }
                #expect(friend?["online"] as? Bool == false)

                let arrived = Frames()
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws?token=\(friendToken)", logger: logger)
                {
                    inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        arrived.texts.withLock { $0.append(text) }
                        if text.contains(#""type":"Ready""#) {
                            #expect(
                                try await watching.waitForText(#""online":true},"id":"\#(friendID)""#),
                                "the owner hears her arrive")
                            try await outbound.close(.normalClosure, reason: nil)
                        }
                    }
                }
                #expect(try await watching.waitForText(#""online":false},"id":"\#(friendID)""#), "and leave")
                let updates = watching.all.filter { $0.contains("UserUpdate") && $0.contains(friendID) }
                #expect(updates.count == 2)
                group.cancelAll()
            }
        }
    }

    /// An ext.commands bot of stoat-py follows another user's actions as events and answers a command.
    @Test func aStoatPyCommandsBotSeesEveryKindOfEvent() async throws {
        let python = StoatClientTests.root.appendingPathComponent(".tools/venv/bin/python").path
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/article", contentType: "text/html; charset=utf-8", body: EmbedRouteTests.article)
            let fixture = try await ChatFixture.make(
                .sqlite,
                ["proxy.allow": "127.0.0.1/32", "proxy.ports": "80,443,\(origin.port)", "proxy.wait": "20s"])
            try await buildApplication(fixture.configuration).test(.live) { client in
                let port = try #require(client.port)
                let base = "http://127.0.0.1:\(port)"
                let run = try await ToolRun.run(
                    python,
                    [
                        StoatClientTests.root.appendingPathComponent("Tests/ChatAppTests/Clients/stoat_events.py").path,
                        base + "/api", base + "/autumn", "ws://127.0.0.1:\(port)/ws", origin.url("/article"),
                    ], timeout: .seconds(180))
                #expect(run.status == 0, "stoat-py failed:\n\(run.errorText)")
                let summary = try #require(run.summary, "\(run.outputText)")
                #expect(summary["pong"] as? String == "pong")
                #expect(
                    Set(summary["seen"] as? [String] ?? []) == [
                        "MessageCreateEvent", "MessageUpdateEvent", "MessageAppendEvent", "MessageDeleteEvent",
                        "MessageReactEvent", "ChannelStartTypingEvent", "ServerMemberJoinEvent",
                        "ServerMemberRemoveEvent",
                    ])
            }
        }
    }

    @Test(arguments: ["json", "msgpack"])
    func aStoatPyBotAnswersOverTheGateway(frames: String) async throws {
        let python = StoatClientTests.root.appendingPathComponent(".tools/venv/bin/python").path
        let fixture = try await ChatFixture.make(.sqlite, ["api.rate_limits": "true"])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let run = try await ToolRun.run(
                python,
                [
                    StoatClientTests.root.appendingPathComponent("Tests/ChatAppTests/Clients/stoat_gateway.py").path,
                    base + "/api", base + "/autumn", "ws://127.0.0.1:\(port)/ws", frames,
                ], timeout: .seconds(120))
            #expect(run.status == 0, "stoat-py failed:\n\(run.errorText)")
            let summary = try #require(run.summary, "\(run.outputText)")
            #expect((summary["seen"] as? [String])?.first == "!ping", "the bot received the command as an event")
            #expect(summary["reply_author"] as? String == summary["bot"] as? String)
        }
    }
}

/// A client that reconnects presents the `seq` of its last event and gets exactly what it missed, then `Resumed`;
/// one that cannot be resumed is told so and gets a fresh `Ready`.
@Suite struct GatewayResumeTests {
    @Test func aReconnectingClientGetsWhatItMissedOnce() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (_, ownerToken) = try await api.signUpForToken("resumer")
            let owner = api.with(token: ownerToken)
            let made = try await owner.post("/servers/create", ["name": "Resume"])
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let logger = Logger.quiet("ws-client")

            // First connection: Ready says where the stream stood; one live message carries its seq.
            let first = GatewayRouteTests.Frames()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws?token=\(ownerToken)", logger: logger) {
                inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    first.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Ready""#) {
                        _ = try await owner.post("/channels/\(general)/messages", ["content": "seen live"])
                    }
                    if text.contains("seen live") { try await outbound.close(.normalClosure, reason: nil) }
                }
            }
            let ready = try await first.waitFor("Ready")
            #expect(ready["seq"] is String)
            let live = try #require(first.all.first { $0.contains("seen live") })
            let lastSeq = try #require(
                (try JSONSerialization.jsonObject(with: Data(live.utf8)) as? [String: Any])?["seq"] as? String)

            // Missed while away.
            for text in ["missed one", "missed two"] {
                _ = try await owner.post("/channels/\(general)/messages", ["content": text])
            }
            let second = GatewayRouteTests.Frames()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", logger: logger) {
                inbound, outbound, _ in
                try await outbound.write(
                    .text(#"{"type":"Authenticate","token":"\#(ownerToken)","resume":"\#(lastSeq)"}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    second.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Resumed""#) {
                        _ = try await owner.post("/channels/\(general)/messages", ["content": "live again"])
                    }
                    if text.contains("live again") { try await outbound.close(.normalClosure, reason: nil) }
                }
            }
            let types = second.types().filter { $0 != "UserUpdate" }
            #expect(types == ["Authenticated", "Message", "Message", "Resumed", "Message"], "\(second.all)")
            let contents = second.all.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["content"] as? String
            }
            #expect(contents == ["missed one", "missed two", "live again"], "nothing missed, nothing twice")

            // A seq from the future cannot be resumed: ResumeFailed, then a fresh Ready.
            let third = GatewayRouteTests.Frames()
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws?token=\(ownerToken)&resume=99999999999999-0", logger: logger
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    third.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Ready""#) { try await outbound.close(.normalClosure, reason: nil) }
                }
            }
            #expect(third.types().filter { $0 != "UserUpdate" } == ["Authenticated", "ResumeFailed", "Ready"])
        }
    }
}

/// Two gateway processes (here two applications on one Redis and one database) and an API: a message sent through
/// the API reaches sockets on both.
@Suite struct GatewayFanOutTests {
    @Test func aMessageReachesSocketsOnEveryGatewayProcess() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        let gatewayOnly = try await ChatFixture.sharing(fixture)
        try await buildApplication(fixture.configuration).test(.live) { client in
            try await buildApplication(gatewayOnly.configuration, roles: [.gateway]).test(.live) { second in
                let ports = [try #require(client.port), try #require(second.port)]
                let api = APIClient(client: client)
                let (owner, ownerToken) = try await api.signUpForToken("broadcaster")
                let made = try await api.with(token: ownerToken).post("/servers/create", ["name": "Everywhere"])
                let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
                _ = owner
                let logger = Logger.quiet("ws-client")
                let frames = ports.map { _ in GatewayRouteTests.Frames() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (port, collected) in zip(ports, frames) {
                        group.addTask {
                            try await WebSocketClient.connect(
                                url: "ws://127.0.0.1:\(port)/ws?token=\(ownerToken)", logger: logger
                            ) { inbound, _, _ in
                                for try await message in inbound.messages(maxSize: 1 << 20) {
                                    if case .text(let text) = message { collected.texts.withLock { $0.append(text) } }
                                }
                            }
                        }
                    }
                    for collected in frames { _ = try await collected.waitFor("Ready") }
                    _ = try await api.with(token: ownerToken).post(
                        "/channels/\(general)/messages", ["content": "to every process"])
                    for collected in frames {
                        #expect(try await collected.waitForText("to every process"))
                    }
                    group.cancelAll()
                }
            }
        }
    }
}
