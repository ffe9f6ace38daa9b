import Crypto
import Foundation
import Storage

/// One request to the provider, normalised so that every spelling of the same question shares one cache entry and
/// one upstream call: the text lower-cased with its whitespace collapsed, the locale as `ll_CC`, the limit clamped,
/// the content filter as enforced.
public struct GifQuery: Codable, Sendable, Hashable {
    public var route: GifRoute
    /// The search text, or the partial text to complete; empty for trending and categories.
    public var text: String
    public var locale: String
    public var limit: Int
    /// The provider's cursor from an earlier page's `next`; empty for the first page.
    public var position: String
    public var contentFilter: ContentFilter

    public init(
        route: GifRoute, text: String = "", locale: String = "en_US", limit: Int = 20, position: String = "",
        contentFilter: ContentFilter = .medium
    ) {
        self.route = route
        self.text = text
        self.locale = locale
        self.limit = limit
        self.position = position
        self.contentFilter = contentFilter
    }

    /// Reads a client's raw parameters. `filter` is what the client asked for, clamped to the operator's floor.
    public init(
        route: GifRoute, text rawText: String?, locale rawLocale: String?, limit rawLimit: String?,
        position rawPosition: String?, filter: String?, settings: GifProxySettings
    ) throws(GifProxyError) {
        self.route = route
        switch route {
        case .search, .autocomplete:
            guard let rawText, !rawText.isEmpty else { throw .invalidRequest("the query is missing") }
            text = Self.normalisedText(rawText)
            guard !text.isEmpty else { throw .invalidRequest("the query is empty") }
            guard text.count <= 100 else { throw .invalidRequest("the query is longer than 100 characters") }
        case .trending, .categories:
            text = ""
        }
        locale = try Self.normalisedLocale(rawLocale ?? "", default: settings.defaultLocale)
        switch route {
        case .categories:
            limit = 0
            position = ""
        case .search, .trending, .autocomplete:
            if let rawLimit, !rawLimit.isEmpty {
                guard let value = Int(rawLimit), value > 0 else {
                    throw .invalidRequest("limit must be a positive number")
                }
                limit = min(value, settings.maxLimit)
            } else {
                limit = min(20, settings.maxLimit)
            }
            position = rawPosition ?? ""
            guard position.utf8.count <= 128,
                position.unicodeScalars.allSatisfy({ $0.isASCII && Self.cursorCharacters.contains($0) })
            else { throw .invalidRequest("position is not a cursor from an earlier answer") }
        }
        let requested: ContentFilter?
        if let filter, !filter.isEmpty {
            guard let value = ContentFilter(clientValue: filter) else {
                throw .invalidRequest("contentfilter must be off, low, medium or high")
            }
            requested = value
        } else {
            requested = nil
        }
        contentFilter = ContentFilter.enforced(operator: settings.contentFilter, requested: requested)
    }

    static let cursorCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-=:+/")

    /// Lower case, trimmed, runs of whitespace as one space.
    static func normalisedText(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `en`, `en-us`, `EN_us` → `en`, `en_US`, `en_US`; anything else is refused.
    static func normalisedLocale(_ raw: String, default fallback: String) throws(GifProxyError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return fallback }
        let parts = trimmed.split(whereSeparator: { $0 == "_" || $0 == "-" })
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count),
            parts[0].allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy({ $0.isASCII && $0.isLetter }))
        else { throw .invalidRequest("locale must look like en or en_US") }
        let language = parts[0].lowercased()
        return parts.count == 2 ? language + "_" + parts[1].uppercased() : language
    }

    /// A configured locale, normalised; throws when it is not one.
    public static func checkedLocale(_ raw: String) throws(GifProxyError) -> String {
        guard !raw.isEmpty else { throw .invalidRequest("locale is empty") }
        return try normalisedLocale(raw, default: raw)
    }

    /// The cache key part: the hash of every field, and of the provider, so switching providers never serves one's
    /// cursors to the other.
    public func digest(provider: String) -> String {
        let canonical = [
            provider, route.rawValue, text, locale, String(limit), position, contentFilter.rawValue,
        ].joined(separator: "\u{1F}")
        return Hex.encode(SHA256.hash(data: Data(canonical.utf8)).prefix(20))
    }

    /// Tenor's and GIPHY's language code: the part before `_`.
    public var language: String { String(locale.prefix { $0 != "_" }) }
}
