import Foundation
import Testing

@testable import LinkProxy

/// Embed extraction against saved pages written to look like real sites: a news article, a video page, a music
/// track, an image host, a page with only a title, broken markup, a windows-1251 page, relative pictures.
@Suite struct EmbedCorpusTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func embed(_ name: String, at url: String, charset: String? = nil) throws -> WebsiteEmbed? {
        let page = HTMLPageParser.parse(try fixture(name), headerCharset: charset)
        return EmbedBuilder.website(page: page, finalURL: url, originalURL: url)
    }

    @Test func newsArticleFollowsThePrecedence() throws {
        let embed = try #require(try Self.embed("news-article.html", at: "https://gazette.example/2026/bridge"))
        #expect(embed.title == "Council approves new bridge after 10-year debate")
        #expect(embed.description == "The river crossing will open in 2028, the council said on Tuesday.")
        #expect(embed.siteName == "The Riverside Gazette")
        #expect(
            embed.image
                == EmbedImage(
                    url: "https://gazette.example/images/bridge-1200.jpg", width: 1200, height: 630, size: .large))
        #expect(embed.iconURL == "https://static.gazette.example/touch-icon.png")
        #expect(embed.colour == "#1a73e8")
        #expect(embed.special == Special.none)
        #expect(embed.url == "https://gazette.example/2026/bridge")
    }

    @Test func videoPageHasPlayerAndSpecial() throws {
        let url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"
        let embed = try #require(try Self.embed("video-page.html", at: url))
        #expect(embed.special == .youTube(id: "dQw4w9WgXcQ", timestamp: "42"))
        #expect(embed.video == EmbedVideo(url: "https://www.youtube.com/embed/dQw4w9WgXcQ", width: 1280, height: 720))
        #expect(embed.image?.size == .preview)
        #expect(embed.colour == "#ff0000")
        let page = HTMLPageParser.parse(try Self.fixture("video-page.html"))
        #expect(page.links.contains { $0.rel == ["alternate"] && $0.type == "application/json+oembed" })
    }

    @Test func bandcampTrackIsReadFromItsPlayer() throws {
        let embed = try #require(
            try Self.embed("music-track.html", at: "https://synthcollective.bandcamp.com/track/night-drive"))
        #expect(embed.special == .bandcamp(contentType: "Track", id: "2847561930"))
        #expect(embed.title == "Night Drive, by Synth Collective")
    }

    @Test func imageHostUsesTwitterCard() throws {
        let embed = try #require(try Self.embed("image-host.html", at: "https://picshare.example/i/42"))
        #expect(embed.title == "Sunset over the bay")
        #expect(embed.image?.url == "https://cdn.picshare.example/full/sunset.jpg")
        #expect(embed.image?.size == .large)
        #expect(embed.iconURL == "https://picshare.example/i/favicon.ico")
    }

    @Test func titleOnlyPage() throws {
        let embed = try #require(try Self.embed("title-only.html", at: "https://plain.example/"))
        #expect(embed.title == "Just a title")
        #expect(embed.description == nil && embed.image == nil && embed.siteName == nil)
    }

    @Test func brokenMarkupIsRecovered() throws {
        let embed = try #require(try Self.embed("broken.html", at: "https://broken.example/dir/page"))
        #expect(embed.title == "Broken & proud")
        #expect(embed.description == "unquoted-value")
        #expect(embed.image?.url == "https://broken.example/dir/img/broken.png")
        #expect(embed.colour == "#aabbcc")
    }

    @Test func windows1251PageIsDecoded() throws {
        let fromMeta = try #require(try Self.embed("windows-1251.html", at: "https://news.example.ru/"))
        #expect(fromMeta.title == "Главная новость: мост открыт")
        #expect(fromMeta.description == "Жители города отметили открытие моста.")
        let fromHeader = try #require(
            try Self.embed("windows-1251.html", at: "https://news.example.ru/", charset: "windows-1251"))
        #expect(fromHeader.title == fromMeta.title)
    }

    @Test func relativePicturesResolveAgainstBase() throws {
        let embed = try #require(try Self.embed("relative-image.html", at: "https://site.example/post"))
        #expect(embed.image?.url == "https://cdn.example.org/pics/photo.webp")
        #expect(embed.iconURL == "https://cdn.example.org/assets/icon.svg")
    }

    @Test func pagesWithNothingGiveNoEmbed() {
        let page = HTMLPageParser.parse(Array("<html><body><p>nothing here</p></body></html>".utf8))
        #expect(
            EmbedBuilder.website(page: page, finalURL: "https://x.example/", originalURL: "https://x.example/") == nil)
    }

    @Test func limitsAndByteOrderMarks() throws {
        let long = String(repeating: "é", count: 300)
        let html =
            "\u{FEFF}<title>\(long)</title><meta name=description content=\"\(String(repeating: "d", count: 2000))\">"
        let page = HTMLPageParser.parse(Array(html.utf8))
        let embed = try #require(
            EmbedBuilder.website(page: page, finalURL: "https://x.example/", originalURL: "https://x.example/"))
        #expect(embed.title == String(repeating: "é", count: 100))
        #expect(embed.description?.count == 1000)
        #expect(CharsetSniffer.encoding(of: [0xFF, 0xFE, 0x3C, 0x00], headerCharset: "utf-8") == "UTF-16LE")
        #expect(
            CharsetSniffer.encoding(of: Array("<meta charset='ISO-8859-1'>".utf8), headerCharset: nil) == "windows-1252"
        )
        #expect(
            CharsetSniffer.encoding(of: [0x3C, 0x62, 0xE9, 0x3E, 0x61, 0x62, 0x63, 0x64, 0x65], headerCharset: nil)
                == "windows-1252")
    }

    @Test func embedJSONHasJanuaryShape() throws {
        var website = WebsiteEmbed()
        website.url = "https://x.example/"
        website.originalURL = "https://x.example"
        website.special = .youTube(id: "abc", timestamp: nil)
        website.title = "T"
        website.image = EmbedImage(url: "https://x.example/i.png", width: 10, height: 5, size: .large)
        website.siteName = "X"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(Embed.website(website)), as: UTF8.self)
        #expect(
            json
                == #"{"image":{"height":5,"size":"Large","url":"https://x.example/i.png","width":10},"original_url":"https://x.example","site_name":"X","special":{"id":"abc","type":"YouTube"},"title":"T","type":"Website","url":"https://x.example/"}"#
        )
        #expect(try JSONDecoder().decode(Embed.self, from: Data(json.utf8)) == .website(website))
    }
}
