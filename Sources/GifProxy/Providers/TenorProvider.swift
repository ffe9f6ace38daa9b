/// A provider that kept Tenor's v2 API: `/v2/search`, `/v2/featured`, `/v2/categories`, `/v2/autocomplete`, with
/// `key` and `client_key`, paged by the opaque `pos` cursor.
public struct TenorProvider: GifProvider {
    let client: ProviderClient
    let baseURL: String
    let apiKey: String
    let clientKey: String

    init(client: ProviderClient, baseURL: String, apiKey: String, clientKey: String) {
        self.client = client
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.clientKey = clientKey
    }

    public func answer(_ query: GifQuery) async throws(GifProviderError) -> GifAnswer {
        let common = [("key", apiKey), ("client_key", clientKey), ("locale", query.locale)]
        switch query.route {
        case .search, .trending:
            let path = query.route == .search ? "/v2/search" : "/v2/featured"
            var parameters = common + [("limit", String(query.limit)), ("pos", query.position)]
            parameters.append(("contentfilter", query.contentFilter.rawValue))
            if query.route == .search { parameters.insert(("q", query.text), at: 0) }
            let body = try await client.json(ProviderClient.url(baseURL, path, parameters))
            return try Self.page(try ProviderClient.decode(TenorAnswer.self, body), limit: query.limit)
        case .categories:
            let parameters = common + [("type", "featured"), ("contentfilter", query.contentFilter.rawValue)]
            let body = try await client.json(ProviderClient.url(baseURL, "/v2/categories", parameters))
            let tags = try ProviderClient.decode(TenorCategories.self, body).tags
            return GifAnswer(
                categories: tags.filter { ProviderClient.isWebURL($0.image) }.prefix(100).map {
                    GifCategory(name: $0.name ?? $0.searchterm, searchTerm: $0.searchterm, image: $0.image)
                })
        case .autocomplete:
            let parameters = [("q", query.text)] + common + [("limit", String(query.limit))]
            let body = try await client.json(ProviderClient.url(baseURL, "/v2/autocomplete", parameters))
            let terms = try ProviderClient.decode(TenorSuggestions.self, body).results
            return GifAnswer(terms: Array(terms.filter { $0.count <= 100 }.prefix(query.limit)))
        }
    }

    /// Results with at least one usable format, at most `limit` of them.
    static func page(_ answer: TenorAnswer, limit: Int) throws(GifProviderError) -> GifAnswer {
        let items: [GifItem] = answer.results.prefix(limit).compactMap { result in
            var formats: [String: GifMedia] = [:]
            for (name, format) in result.media_formats where ProviderClient.isWebURL(format.url) {
                let dims = format.dims ?? []
                formats[name] = GifMedia(
                    url: format.url, width: dims.first ?? 0, height: dims.dropFirst().first ?? 0,
                    duration: format.duration ?? 0, size: format.size ?? 0)
            }
            guard !formats.isEmpty else { return nil }
            let page = result.itemurl.flatMap { ProviderClient.isWebURL($0) ? $0 : nil } ?? ""
            let short = result.url.flatMap { ProviderClient.isWebURL($0) ? $0 : nil } ?? ""
            return GifItem(
                id: result.id, title: result.title ?? "", description: result.content_description ?? "",
                created: result.created ?? 0, pageURL: page, shortURL: short, tags: result.tags ?? [],
                hasAudio: result.hasaudio ?? false, formats: formats)
        }
        guard !items.isEmpty || answer.results.isEmpty else {
            throw .malformed("no result has a usable media URL")
        }
        return GifAnswer(items: items, next: answer.next ?? "")
    }
}
