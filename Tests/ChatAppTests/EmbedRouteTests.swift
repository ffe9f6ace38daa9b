import ChatAPI
import Foundation
import HummingbirdTesting
import JobQueue
import LinkProxy
import TestSupport
import Testing

@testable import App

/// Links in messages get embeds through the queue: after the send commits, a `message.embeds` job asks the link
/// proxy's `embed.fetch` work for each link, appends the embeds and publishes `MessageAppend`.
@Suite struct EmbedRouteTests {
    static let article = Array(
        """
        <html><head><title>Fallback</title>
        <meta property="og:title" content="Posted article"><meta name="description" content="From loopback."></head></html>
        """.utf8)

    @Test func aLinkedPageIsAppendedAfterTheSend() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/article", contentType: "text/html; charset=utf-8", body: Self.article)
            origin.serve("/quoted", contentType: "text/html; charset=utf-8", body: Self.article)
            let fixture = try await ChatFixture.make(
                .sqlite,
                ["proxy.allow": "127.0.0.1/32", "proxy.ports": "80,443,\(origin.port)", "proxy.wait": "20s"])
            try await buildApplication(fixture.configuration).test(.router) { client in
                let (alice, _) = try await APIClient(client: client).signUp("linker")
                let made = try await alice.post("/servers/create", ["name": "Links"])
                let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
                let article = origin.url("/article")
                let content = "read \(article)#intro and `\(origin.url("/quoted"))`\n> \(origin.url("/quoted"))"
                let sent = try await alice.post("/channels/\(channel)/messages", ["content": content])
                let id = try #require(sent["_id"] as? String)
                #expect(sent["embeds"] == nil, "the send answer never waits for embeds")

                var embeds: [[String: Any]] = []
                for _ in 0..<200 where embeds.isEmpty {
                    try await Task.sleep(for: .milliseconds(100))
                    embeds =
                        try await alice.get("/channels/\(channel)/messages/\(id)")["embeds"] as? [[String: Any]] ?? []
                }
                #expect(embeds.count == 1, "only the plain link, not the code span or the quote")
                #expect(embeds.first?["title"] as? String == "Posted article")
                #expect(embeds.first?["url"] as? String == article)
                let appended = try await fixture.events().filter { $0.type == "MessageAppend" }
                #expect(appended.count == 1)
                #expect(appended.first?.topics == [.channel(channel)])
            }
        }
    }

    /// The chat API asks for embeds with its own copy of the link proxy's job: both must be one contract.
    @Test func theEmbedRequestIsTheLinkProxysJob() throws {
        let url = "https://example.com/a?b=c"
        #expect(EmbedRequest.jobName == EmbedFetch.jobName)
        #expect(EmbedRequest.queue == EmbedFetch.queue)
        #expect(EmbedRequest(url: url).idempotencyKey == EmbedFetch(url: url).idempotencyKey)
        let ours = try JSONEncoder().encode(EmbedRequest(url: url))
        #expect(try JSONDecoder().decode(EmbedFetch.self, from: ours).url == url)
    }
}
