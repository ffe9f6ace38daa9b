/// What a request asks the provider for, whichever dialect it came in.
public enum GifRoute: String, Sendable, Codable, Hashable, CaseIterable {
    case search
    /// Tenor's `featured`, GIPHY's and gifbox's `trending`.
    case trending
    case categories
    /// Search suggestions for a partial query.
    case autocomplete

    /// Search 5 min, trending 10 min, categories a day, suggestions an hour.
    public static let defaultTTL: [GifRoute: Duration] = [
        .search: .seconds(300), .trending: .seconds(600), .categories: .seconds(86400), .autocomplete: .seconds(3600),
    ]
}
