import Foundation
import Storage

/// Turns a page's metadata into a `Website` embed with January's precedence (`og:*`, then `twitter:*`, then plain
/// `<meta name>`, `<title>` last), relative URLs resolved against `<base href>` or the final URL, and January's
/// length limits.
public enum EmbedBuilder {
    public static let urlLimit = 256
    public static let titleLimit = 100
    public static let descriptionLimit = 1000
    public static let siteNameLimit = 32

    /// The preview of `page`, fetched from `finalURL` for a link posted as `originalURL`; nil when the page says
    /// nothing worth showing.
    public static func website(
        page: PageMetadata, finalURL: String, originalURL: String, oEmbed: OEmbedAnswer? = nil
    ) -> WebsiteEmbed? {
        let base = page.baseHref.flatMap { resolve($0, against: finalURL) } ?? finalURL
        var embed = WebsiteEmbed()
        embed.url = truncated(finalURL, urlLimit)
        embed.originalURL = truncated(originalURL, urlLimit)
        embed.special = SpecialDetector.detect(url: finalURL, page: page)
        embed.title = (page.first("og:title", "twitter:title", "title") ?? oEmbed?.title ?? page.title)
            .map { truncated($0, titleLimit) }
        embed.description = page.first("og:description", "twitter:description", "description")
            .map { truncated($0, descriptionLimit) }
        embed.siteName =
            (page.first("og:site_name", "application-name", "apple-mobile-web-app-title")
            ?? oEmbed?.providerName).map { truncated($0, siteNameLimit) }
        embed.colour = page.first("theme-color", "msapplication-tilecolor").flatMap(colour)

        let large = page["twitter:card"]?.lowercased() == "summary_large_image"
        if let source = page.first(
            "og:image:secure_url", "og:image:url", "og:image", "twitter:image", "twitter:image:src", "image"
        ), let url = resolve(source, against: base) {
            embed.image = EmbedImage(
                url: url, width: dimension(page.first("og:image:width", "twitter:image:width")),
                height: dimension(page.first("og:image:height", "twitter:image:height")),
                size: large ? .large : .preview
            )
        } else if let thumbnail = oEmbed?.thumbnailURL, let url = resolve(thumbnail, against: base) {
            embed.image = EmbedImage(
                url: url, width: oEmbed?.thumbnailWidth ?? 0, height: oEmbed?.thumbnailHeight ?? 0,
                size: large ? .large : .preview
            )
        }
        if let source = page.first("og:video:secure_url", "og:video:url", "og:video", "twitter:player"),
            let url = resolve(source, against: base)
        {
            embed.video = EmbedVideo(
                url: url, width: dimension(page.first("og:video:width", "twitter:player:width")),
                height: dimension(page.first("og:video:height", "twitter:player:height"))
            )
        }
        embed.iconURL = icon(page, base: base)

        if embed.title == nil, embed.description == nil, embed.image == nil, embed.video == nil,
            embed.special == Special.none
        {
            return nil
        }
        return embed
    }

    /// `apple-touch-icon` first (larger), then `icon` / `shortcut icon`.
    static func icon(_ page: PageMetadata, base: String) -> String? {
        let order: [(String) -> Bool] = [
            { $0 == "apple-touch-icon" || $0 == "apple-touch-icon-precomposed" }, { $0 == "icon" },
        ]
        for matches in order {
            if let link = page.links.first(where: { $0.rel.contains(where: matches) && !$0.href.isEmpty }),
                let url = resolve(link.href, against: base)
            {
                return url
            }
        }
        return nil
    }

    /// An absolute http(s) URL for `reference` seen on a page at `base`, or nil (`javascript:`, `data:`, too long).
    public static func resolve(_ reference: String, against base: String) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let baseURL = URL(string: base),
            let resolved = URL(string: trimmed, relativeTo: baseURL)
                ?? URL(
                    string: trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? "",
                    relativeTo: baseURL)
        else { return nil }
        let absolute = resolved.absoluteString
        guard let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https",
            absolute.count <= 2048
        else { return nil }
        return absolute
    }

    /// `#rgb`, `#rrggbb` or `rgb(r, g, b)` as `#rrggbb`.
    static func colour(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasPrefix("#") {
            let digits = value.dropFirst()
            guard digits.allSatisfy(\.isHexDigit) else { return nil }
            if digits.count == 6 { return value }
            if digits.count == 3 { return "#" + digits.map { "\($0)\($0)" }.joined() }
            return nil
        }
        if value.hasPrefix("rgb(") || value.hasPrefix("rgba("), let open = value.firstIndex(of: "("),
            let close = value.firstIndex(of: ")")
        {
            let parts = value[value.index(after: open)..<close].split(separator: ",").prefix(3)
                .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, parts.allSatisfy({ (0...255).contains($0) }) else { return nil }
            return "#" + Hex.encode(parts.map { UInt8($0) })
        }
        return nil
    }

    static func dimension(_ text: String?) -> Int {
        guard let text, let value = Int(text.trimmingCharacters(in: .whitespaces)), (0...100_000).contains(value) else {
            return 0
        }
        return value
    }

    static func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit))
    }
}
