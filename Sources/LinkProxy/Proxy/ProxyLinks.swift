import Foundation

/// The URLs embeds hand to clients for media: the origin's own URL, or a signed proxy URL when signing is on (so
/// the proxy serves only what Discordination produced).
public struct ProxyLinks: Sendable {
    public let signer: ProxySigner
    /// `PUBLIC_URL/january` or `/january`.
    let proxyBase: String

    public init(settings: LinkProxySettings) {
        signer = ProxySigner(keys: settings.signingKeys)
        let publicURL = settings.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        proxyBase = publicURL + settings.pathPrefix
    }

    /// `url` as clients should load it.
    public func link(_ url: String) -> String {
        guard let signature = signer.sign(url) else { return url }
        return "\(proxyBase)/proxy?url=\(Self.queryEncoded(url))&sig=\(signature)"
    }

    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func rewritten(_ embed: Embed) -> Embed {
        guard signer.isEnabled else { return embed }
        switch embed {
        case .website(var website):
            if let url = website.image?.url { website.image?.url = link(url) }
            if let url = website.video?.url { website.video?.url = link(url) }
            website.iconURL = website.iconURL.map(link)
            return .website(website)
        case .image(var image):
            image.url = link(image.url)
            return .image(image)
        case .video(var video):
            video.url = link(video.url)
            return .video(video)
        }
    }
}
