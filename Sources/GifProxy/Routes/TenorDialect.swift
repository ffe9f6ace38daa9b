import HTTPSupport

/// Answers in Tenor v2's shape (REFERENCE.md), so an app written for Tenor keeps working with its base URL
/// pointed at Discordination.
enum TenorDialect {
    struct Format: Encodable {
        var url: String
        var dims: [Int]
        var duration: Double
        var size: Int
        var preview: String
    }

    struct Result: Encodable {
        var id: String
        var title: String
        var content_description: String
        var content_description_source: String
        var created: Double
        var itemurl: String
        var url: String
        var tags: [String]
        var flags: [String]
        var hasaudio: Bool
        var bg_color: String
        var media_formats: [String: Format]
    }

    struct Page: Encodable {
        var results: [Result]
        var next: String
    }

    struct Tag: Encodable {
        var searchterm: String
        var path: String
        var image: String
        var name: String
    }

    struct Categories: Encodable {
        var tags: [Tag]
    }

    struct Suggestions: Encodable {
        var results: [String]
    }

    /// `mediaFilter` keeps only the named formats, as Tenor's `media_filter` does.
    static func render(
        _ answer: GifAnswer, route: GifRoute, mediaFilter: Set<String>?, searchPath: String
    ) throws -> [UInt8] {
        switch route {
        case .search, .trending:
            let results = answer.items.map { item in
                var formats: [String: Format] = [:]
                for (name, media) in item.formats where mediaFilter?.contains(name) ?? true {
                    formats[name] = Format(
                        url: media.url, dims: [media.width, media.height], duration: media.duration, size: media.size,
                        preview: "")
                }
                return Result(
                    id: item.id, title: item.title, content_description: item.description,
                    content_description_source: "", created: item.created, itemurl: item.pageURL, url: item.shortURL,
                    tags: item.tags, flags: [], hasaudio: item.hasAudio, bg_color: "", media_formats: formats)
            }
            return try JSONCoding.encode(Page(results: results, next: answer.next))
        case .categories:
            let tags = answer.categories.map { category in
                Tag(
                    searchterm: category.searchTerm,
                    path: ProviderClient.url(searchPath, "", [("q", category.searchTerm)]), image: category.image,
                    name: category.name.hasPrefix("#") ? category.name : "#" + category.name)
            }
            return try JSONCoding.encode(Categories(tags: tags))
        case .autocomplete:
            return try JSONCoding.encode(Suggestions(results: answer.terms))
        }
    }
}
