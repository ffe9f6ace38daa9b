import Foundation

/// GIPHY's own v1 API: `/v1/gifs/search`, `/v1/gifs/trending`, `/v1/gifs/categories`, `/v1/gifs/search/tags`,
/// with `api_key`, `rating` and `lang`, paged by `offset`. Its renditions are renamed to Tenor's format names.
public struct GiphyProvider: GifProvider {
    let client: ProviderClient
    let baseURL: String
    let apiKey: String

    /// GIPHY refuses offsets past 4999.
    static let maxOffset = 4999

    /// GIPHY rendition → Tenor format: the animated ones, their MP4 and WebP twins, and the stills.
    static let renditions: [(giphy: String, gif: String?, mp4: String?, webp: String?)] = [
        ("original", "gif", "mp4", "webp"),
        ("downsized", "mediumgif", nil, nil),
        ("fixed_width", "tinygif", "tinymp4", "tinywebp"),
        ("fixed_width_small", "nanogif", "nanomp4", "nanowebp"),
        ("original_still", "gifpreview", nil, nil),
        ("fixed_width_still", "tinygifpreview", nil, nil),
        ("fixed_width_small_still", "nanogifpreview", nil, nil),
    ]

    init(client: ProviderClient, baseURL: String, apiKey: String) {
        self.client = client
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    public func answer(_ query: GifQuery) async throws(GifProviderError) -> GifAnswer {
        switch query.route {
        case .search, .trending:
            let offset: Int
            if query.position.isEmpty {
                offset = 0
            } else {
                guard let value = Int(query.position), (0...Self.maxOffset).contains(value) else {
                    throw .badRequest("position is not a GIPHY offset")
                }
                offset = value
            }
            var parameters = [
                ("api_key", apiKey), ("limit", String(query.limit)), ("offset", String(offset)),
                ("rating", query.contentFilter.giphyRating),
            ]
            if query.route == .search { parameters += [("q", query.text), ("lang", query.language)] }
            let path = query.route == .search ? "/v1/gifs/search" : "/v1/gifs/trending"
            let body = try await client.json(ProviderClient.url(baseURL, path, parameters))
            return try Self.page(try ProviderClient.decode(GiphyAnswer.self, body), offset: offset, limit: query.limit)
        case .categories:
            let body = try await client.json(ProviderClient.url(baseURL, "/v1/gifs/categories", [("api_key", apiKey)]))
            let categories = try ProviderClient.decode(GiphyCategories.self, body).data
            return GifAnswer(
                categories: categories.prefix(100).compactMap { category in
                    let images = category.gif?.images ?? [:]
                    guard let image = (images["fixed_width"] ?? images["original"])?.url,
                        ProviderClient.isWebURL(image)
                    else { return nil }
                    return GifCategory(name: category.name, searchTerm: category.name, image: image)
                })
        case .autocomplete:
            let parameters = [("api_key", apiKey), ("q", query.text), ("limit", String(query.limit))]
            let body = try await client.json(ProviderClient.url(baseURL, "/v1/gifs/search/tags", parameters))
            let terms = try ProviderClient.decode(GiphyTerms.self, body).data.map(\.name)
            return GifAnswer(terms: Array(terms.filter { $0.count <= 100 }.prefix(query.limit)))
        }
    }

    static func page(_ answer: GiphyAnswer, offset: Int, limit: Int) throws(GifProviderError) -> GifAnswer {
        let items = answer.data.prefix(limit).compactMap(item)
        guard !items.isEmpty || answer.data.isEmpty else { throw .malformed("no result has a usable media URL") }
        let count = answer.pagination?.count ?? answer.data.count
        let total = answer.pagination?.total_count ?? 0
        let nextOffset = offset + count
        let next = count > 0 && nextOffset < total && nextOffset <= maxOffset ? String(nextOffset) : ""
        return GifAnswer(items: items, next: next)
    }

    static func item(_ item: GiphyAnswer.Item) -> GifItem? {
        var formats: [String: GifMedia] = [:]
        for (giphyName, gifName, mp4Name, webpName) in renditions {
            guard let rendition = item.images[giphyName] else { continue }
            let width = Int(rendition.width ?? "") ?? 0
            let height = Int(rendition.height ?? "") ?? 0
            func add(_ name: String?, _ url: String?, _ size: String?) {
                guard let name, let url, ProviderClient.isWebURL(url) else { return }
                formats[name] = GifMedia(url: url, width: width, height: height, size: Int(size ?? "") ?? 0)
            }
            add(gifName, rendition.url, rendition.size)
            add(mp4Name, rendition.mp4, rendition.mp4_size)
            add(webpName, rendition.webp, rendition.webp_size)
        }
        guard !formats.isEmpty else { return nil }
        let page = item.url.flatMap { ProviderClient.isWebURL($0) ? $0 : nil } ?? ""
        let short = item.bitly_url.flatMap { ProviderClient.isWebURL($0) ? $0 : nil } ?? ""
        return GifItem(
            id: item.id, title: item.title ?? "", description: item.alt_text ?? item.title ?? "",
            created: item.import_datetime.flatMap(Self.date)?.timeIntervalSince1970 ?? 0, pageURL: page,
            shortURL: short, formats: formats)
    }

    /// GIPHY's `2022-06-02 16:55:14` (UTC).
    static func date(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)
    }
}
