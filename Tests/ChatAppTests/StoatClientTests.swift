import EventBus
import Foundation
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import App
@testable import ChatAPI

/// The unmodified stoat-py client library (PyPI 1.2.1, installed by Deploy/setup.sh into .tools/venv) drives a live
/// server: sign-up, a bot, a server, uploads, replies, masquerades, edits, reactions, deletes, invites and DMs.
/// Every answer must parse in the library; the summary it prints is then checked against the server's own records.
@Suite struct StoatClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs one of the stoat-py scripts in Clients/ against the live server on `port` (API, file server and gateway);
    /// it must exit 0, and its summary (the last JSON line it prints) is returned.
    static func runStoat(_ script: String, port: Int, timeout: Duration) async throws -> [String: Any] {
        let python = root.appendingPathComponent(".tools/venv/bin/python").path
        let base = "http://127.0.0.1:\(port)"
        let run = try await ToolRun.run(
            python,
            [
                root.appendingPathComponent("Tests/ChatAppTests/Clients/\(script)").path,
                base + "/api", base + "/autumn", "ws://127.0.0.1:\(port)/ws",
            ], timeout: timeout)
        #expect(run.status == 0, "stoat-py failed:\n\(run.errorText)")
        return try #require(run.summary, "\(run.outputText)")
    }

    @Test(arguments: ChatFixture.Backend.allCases)
    func stoatPyDrivesTheAPI(backend: ChatFixture.Backend) async throws {
        let python = Self.root.appendingPathComponent(".tools/venv/bin/python").path
        #expect(
            FileManager.default.isExecutableFile(atPath: python),
            "stoat-py's venv is missing: run `make setup` (Deploy/setup.sh)")
        let fixture = try await ChatFixture.make(backend, ["api.rate_limits": "true"])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let summary = try await Self.runStoat(
                "stoat_drive.py", port: try #require(client.port), timeout: .seconds(180))
            #expect(summary["node_ws"] as? String == "ws://chat.example/ws")

            let channel = try #require(summary["channel"] as? String)
            let user = try #require(summary["user"] as? String)
            let bot = try #require(summary["bot"] as? String)
            let history = try #require(summary["history"] as? [String])
            #expect(history.count == 4)
            #expect(history == history.sorted(by: >), "newest first")
            #expect(summary["reactions"] as? [String: [String]] == ["👍": [user, bot].sorted()])
            #expect(summary["members"] as? [String] == [user, bot].sorted())
            #expect((summary["channels"] as? [String])?.contains(channel) == true)

            // What the library saw is what the server stored: the masqueraded message is gone, the attachment is
            // held by the first message, the bot's message is the bot's.
            try await fixture.metadata { metadata in
                let chat = ChatStore(metadata: metadata)
                let stored = try await chat.history(
                    channelID: channel, .init(limit: 10, before: nil, after: nil, nearby: nil, oldestFirst: true))
                #expect(stored.count == 3)
                let first = try #require(stored.first)
                #expect(first.pinned == true)
                let attachment = try #require(first.attachments?.first)
                #expect(try await metadata.file(id: attachment.id)?.usedFor == FileUsage(type: "message", id: first.id))
                #expect(stored.contains { $0.author == bot && $0.content == "beep" })
                #expect(stored.first { $0.replies != nil }?.content == "an edited reply")
            }
            let types = Set(try await fixture.events().map(\.type))
            #expect(
                types.isSuperset(of: ["Message", "MessageUpdate", "MessageDelete", "MessageReact", "MessageUnreact"]))
        }
    }

    /// The same library manages and executes webhooks and edits, resets and deletes bots: every answer parses, and
    /// the webhook's message is stored as the webhook's, with its attachment claimed.
    @Test func stoatPyDrivesWebhooksAndBots() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let summary = try await Self.runStoat(
                "stoat_webhooks.py", port: try #require(client.port), timeout: .seconds(120))
            #expect(summary["reused_key"] as? String == "DuplicateNonce")
            #expect(summary["deleted_webhook"] as? String == "NotFound")
            #expect(summary["bots_after_delete"] as? Int == 0)
            let webhook = try #require(summary["webhook"] as? String)
            let messageID = try #require(summary["webhook_message"] as? String)
            let mediaID = try #require(summary["embed_media"] as? String)
            try await fixture.metadata { metadata in
                let stored = try #require(try await ChatStore(metadata: metadata).message(id: messageID))
                #expect(stored.author == webhook)
                let attachment = try #require(stored.attachments?.first)
                #expect(
                    try await metadata.file(id: attachment.id)?.usedFor == FileUsage(type: "message", id: messageID))
                #expect(try await metadata.file(id: mediaID)?.usedFor?.type == "message", "the embed's picture is held")
            }
        }
    }
}
