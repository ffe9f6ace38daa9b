import Foundation
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import App
@testable import ChatAPI

/// The web client in real, headless Chromium (Debian's `chromium` and `chromium-driver`, driven by Selenium from
/// PyPI; Deploy/setup.sh installs them): two people in two browsers go through a whole conversation against the
/// running server (Clients/web_drive.py says what each step checks). Screenshots of each main screen are written to
/// `.build/web-screenshots/`. What the browsers showed is then checked against the server's own records.
@Suite struct WebClientBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let article = Array(
        """
        <html><head><title>Fallback</title>
        <meta property="og:title" content="Posted article"><meta name="description" content="From loopback."></head></html>
        """.utf8)

    @Test func twoPeopleChatInTwoBrowsers() async throws {
        let python = Self.root.appendingPathComponent(".tools/venv/bin/python").path
        for tool in [python, "/usr/bin/chromium", "/usr/bin/chromedriver"] {
            #expect(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run `make setup`")
        }
        let origin = try await FixtureOrigin()
        let gifs = try await FakeGifProvider()
        try await withTeardown {
            await origin.stop()
            await gifs.stop()
        } body: {
            origin.serve("/article", contentType: "text/html; charset=utf-8", body: Self.article)
            let fixture = try await ChatFixture.make(
                .sqlite,
                [
                    "proxy.allow": "127.0.0.1/32", "proxy.ports": "80,443,\(origin.port),\(gifs.origin.port)",
                    "proxy.wait": "20s", "gifs.provider": "tenor", "gifs.base_url": gifs.baseURL,
                    "gifs.api_key": gifs.key, "gifs.rate_limit": "100000",
                ])
            try await buildApplication(fixture.configuration).test(.live) { client in
                let port = try #require(client.port)
                let screenshots = Self.root.appendingPathComponent(".build/web-screenshots").path
                let run = try await ToolRun.run(
                    python,
                    [
                        Self.root.appendingPathComponent("Tests/ChatAppTests/Clients/web_drive.py").path,
                        "http://127.0.0.1:\(port)", origin.url("/article"), screenshots,
                    ], timeout: .seconds(300))
                #expect(run.status == 0, "the browser run failed:\n\(run.errorText)\n\(run.outputText)")
                let summary = try #require(run.summary, "\(run.outputText)")

                #expect(summary["console_errors"] as? [String] == [], "the browser console showed errors")
                #expect(summary["late_console_errors"] as? [String] == [], "errors beyond the deliberate refusals")
                #expect(summary["placeholder_first"] as? Bool == true, "the photo's ThumbHash placeholder shows first")
                #expect(summary["embed_title"] as? String == "Posted article")
                let gifPages = summary["gif_pages"] as? [Int] ?? []
                #expect(gifPages.count == 2 && gifPages[1] > gifPages[0], "the GIF picker pages as it scrolls")
                #expect(summary["service_worker"] as? Bool == true, "the service worker is registered")
                let notifications = summary["notifications"] as? [[String: Any]] ?? []
                #expect(notifications.count == 1, "one desktop notification for the mention: \(notifications)")
                #expect((notifications.first?["title"] as? String)?.contains("#random") == true)
                #expect((notifications.first?["body"] as? String)?.hasPrefix("ping") == true)
                #expect(summary["unread_after_reload"] as? Bool == true)
                #expect(summary["read_after_reload"] as? Bool == true)
                #expect(summary["bot_token_length"] as? Int ?? 0 >= 40, "the bot's token shown once")
                #expect((summary["bot_public_key"] as? String)?.count == 64)
                let refusal = summary["endpoint_refusal"] as? String ?? ""
                #expect(refusal.contains("InvalidInteractionsURL") && refusal.contains("private"), "\(refusal)")
                let webhook = summary["webhook_message"] as? String ?? ""
                #expect(webhook.contains("Deployer") && webhook.contains("WEBHOOK"), "\(webhook)")
                #expect(summary["after_drop"] as? [Int] == [1, 1, 1], "nothing missed or doubled after the drop")
                #expect((summary["refusal"] as? String)?.contains("too large") == true)
                #expect((summary["avatar_refusal"] as? String)?.contains("not allowed") == true)
                for name in ["login", "onboarding", "invite", "chat", "settings", "reconnecting", "phone-dark"] {
                    #expect(FileManager.default.fileExists(atPath: "\(screenshots)/\(name).png"), "no \(name).png")
                }

                // What the browsers did is what the server stored: the deleted message is gone, the edit and the
                // reaction are kept, the photo is held by its message, Bob has read the channel that mentioned him.
                let general = try #require(summary["general"] as? String)
                let random = try #require(summary["random"] as? String)
                let bob = try #require(summary["bob"] as? String)
                try await fixture.metadata { metadata in
                    let chat = ChatStore(metadata: metadata)
                    let stored = try await chat.history(
                        channelID: general, .init(limit: 50, before: nil, after: nil, nearby: nil, oldestFirst: true))
                    let contents = stored.compactMap(\.content)
                    #expect(!contents.contains("this one goes away"))
                    #expect(!contents.contains { $0.contains("too big") }, "the refused upload sent nothing")
                    #expect(contents.contains("read this later, edited"))
                    #expect(stored.first?.reactions?["👍"] == [bob])
                    let photo = try #require(stored.first { $0.content == "a photo" }?.attachments?.first)
                    #expect(try await metadata.file(id: photo.id)?.usedFor?.type == "message")
                    let entry = try await chat.unreads(userID: bob).first { $0.id.channel == random }
                    #expect(entry?.lastID != nil, "Bob acknowledged the channel he read")
                    #expect(entry?.mentions == [], "and its mention is cleared")
                }
            }
        }
    }
}
