import Testing

@testable import GifProxy

/// Normalisation decides what shares a cache entry and an upstream call, and what the operator's filter allows.
@Suite struct GifQueryTests {
    let settings = GifProxySettings(apiKey: "k", contentFilter: .medium, maxLimit: 50)

    func query(
        _ route: GifRoute = .search, text: String? = "cats", locale: String? = nil, limit: String? = nil,
        position: String? = nil, filter: String? = nil
    ) throws -> GifQuery {
        try GifQuery(
            route: route, text: text, locale: locale, limit: limit, position: position, filter: filter,
            settings: settings)
    }

    @Test func spellingsOfOneQuestionShareADigest() throws {
        let plain = try query()
        for variant in [
            try query(text: "  CATS "), try query(text: "cats", locale: "en-us"), try query(text: "Cats", limit: "20"),
            try query(text: "cats", locale: "EN_us", filter: "medium"),
        ] {
            #expect(variant == plain)
            #expect(variant.digest(provider: "giphy") == plain.digest(provider: "giphy"))
        }
        #expect(try query(text: "happy  \t cats").text == "happy cats")
        #expect(try query(position: "20").digest(provider: "giphy") != plain.digest(provider: "giphy"))
        #expect(plain.digest(provider: "tenor") != plain.digest(provider: "giphy"))
    }

    @Test func limitsAreClampedAndFiltersNeverLoosened() throws {
        #expect(try query(limit: "500").limit == 50)
        #expect(try query(filter: "off").contentFilter == .medium)
        #expect(try query(filter: "low").contentFilter == .medium)
        #expect(try query(filter: "high").contentFilter == .high)
        #expect(try query(filter: "g").contentFilter == .high)
        #expect(try query(.categories, text: nil, limit: "7", position: "9").limit == 0)
        #expect(try query(.trending, text: "ignored").text == "")
        #expect(ContentFilter.medium.giphyRating == "pg")
        #expect(ContentFilter.off.giphyRating == "r")
    }

    @Test func badParametersAreRefused() {
        for (text, locale, limit, position, filter) in [
            (nil, nil, nil, nil, nil) as (String?, String?, String?, String?, String?),
            (" ", nil, nil, nil, nil), (String(repeating: "a", count: 101), nil, nil, nil, nil),
            ("a", "e", nil, nil, nil), ("a", "en_USA", nil, nil, nil), ("a", nil, "0", nil, nil),
            ("a", nil, "-3", nil, nil), ("a", nil, nil, "a b", nil),
            ("a", nil, nil, String(repeating: "1", count: 129), nil),
            ("a", nil, nil, nil, "nsfw"),
        ] {
            #expect(throws: GifProxyError.self) {
                try query(text: text, locale: locale, limit: limit, position: position, filter: filter)
            }
        }
    }

    @Test func mediaLinksVerifyOnlyWhatThisKeySigned() {
        let links = MediaLinks(apiKey: "key-one", route: "https://chat.example/gifs/media")
        let url = "https://media.example/a.gif?x=1&y=2"
        let link = links.link(url)
        #expect(
            link.hasPrefix(
                "https://chat.example/gifs/media?url=https%3A%2F%2Fmedia.example%2Fa.gif%3Fx%3D1%26y%3D2&sig="))
        let signature = links.signature(url)
        #expect(links.verify(url, signature: signature))
        #expect(!links.verify(url + "x", signature: signature))
        #expect(!MediaLinks(apiKey: "key-two", route: "").verify(url, signature: signature))
        let answer = GifAnswer(
            items: [GifItem(id: "1", formats: ["gif": GifMedia(url: url, width: 1, height: 1)])],
            categories: [GifCategory(name: "a", searchTerm: "a", image: url)])
        let rewritten = links.rewrite(answer)
        #expect(rewritten.items[0].formats["gif"]?.url == link)
        #expect(rewritten.categories[0].image == link)
    }

    @Test func retryAfterIsReadInSecondsOrAsADate() {
        #expect(ProviderClient.retryAfter("12") == .seconds(12))
        #expect(ProviderClient.retryAfter(nil) == .seconds(30))
        #expect(ProviderClient.retryAfter("soon") == .seconds(30))
        #expect(ProviderClient.retryAfter("99999") == .seconds(3600))
        #expect(ProviderClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == .seconds(1))
    }
}
