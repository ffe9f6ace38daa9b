import HTTPSupport

/// Answers in the shape of Revolt's gifbox: `{results: [{id, url, media_formats: {fmt: {url, dimensions}}}], next}`
/// and categories as `[{title, image}]`. Revolt's client plays `webm` and `tinywebm`; providers without WebM
/// (GIPHY) get their MP4 renditions under those names.
enum GifboxDialect {
    struct Format: Encodable {
        var url: String
        var dimensions: [Int]
    }

    struct Result: Encodable {
        var id: String
        var title: String
        var url: String
        var media_formats: [String: Format]
    }

    struct Page: Encodable {
        var results: [Result]
        var next: String
    }

    struct Category: Encodable {
        var title: String
        var image: String
    }

    static func render(_ answer: GifAnswer, route: GifRoute) throws -> [UInt8] {
        switch route {
        case .search, .trending, .autocomplete:
            let results = answer.items.map { item in
                var media = item.formats
                if media["webm"] == nil { media["webm"] = media["mp4"] }
                if media["tinywebm"] == nil { media["tinywebm"] = media["tinymp4"] }
                return Result(
                    id: item.id, title: item.title, url: item.pageURL.isEmpty ? item.shortURL : item.pageURL,
                    media_formats: media.mapValues { Format(url: $0.url, dimensions: [$0.width, $0.height]) })
            }
            return try JSONCoding.encode(Page(results: results, next: answer.next))
        case .categories:
            return try JSONCoding.encode(answer.categories.map { Category(title: $0.name, image: $0.image) })
        }
    }
}
