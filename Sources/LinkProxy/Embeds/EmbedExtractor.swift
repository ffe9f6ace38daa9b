import Foundation
import Media
import NIOPosix
import SafeFetch

/// Makes the embed of one link: fetches it through SafeFetch, then reads a page's metadata (with oEmbed when the
/// page lacks a title or picture), or probes a direct image or video link's header for its size.
public struct EmbedExtractor: Sendable {
    let fetcher: SafeFetcher
    let settings: LinkProxySettings
    let links: ProxyLinks

    /// Bytes of a direct image or video link read for its header.
    static let probeBytes = 1024 * 1024
    static let oEmbedBytes = 256 * 1024

    public init(fetcher: SafeFetcher, settings: LinkProxySettings) {
        self.fetcher = fetcher
        self.settings = settings
        links = ProxyLinks(settings: settings)
    }

    private enum Fetched: Sendable {
        case page(FetchResponse, [UInt8])
        case media(FetchResponse, [UInt8])
    }

    /// The embed for `url`, or the January error explaining why there is none.
    public func embed(for url: String) async throws(LinkProxyError) -> Embed {
        do {
            let limits = FetchLimits(
                maxBodyBytes: settings.maxPageBytes, overflow: .truncate,
                contentTypes: ["text/html", "application/xhtml+xml", "image/*", "video/*"],
                accept: "text/html,application/xhtml+xml;q=0.9,image/*;q=0.8,video/*;q=0.7"
            )
            let fetched = try await fetcher.fetch(url, limits: limits) { response, body -> Fetched in
                if response.mediaType.hasPrefix("image/") || response.mediaType.hasPrefix("video/") {
                    return .media(response, try await body.prefix(Self.probeBytes))
                }
                return .page(response, try await body.collect())
            }
            switch fetched {
            case .media(let response, let prefix):
                guard let embed = try await mediaEmbed(response, prefix) else { throw LinkProxyError.noEmbedData }
                return links.rewritten(embed)
            case .page(let response, let bytes):
                let charset = response.charset
                let page = try await NIOThreadPool.singleton.runIfActive {
                    HTMLPageParser.parse(bytes, headerCharset: charset)
                }
                guard let website = try await website(page, response: response, originalURL: url) else {
                    throw LinkProxyError.noEmbedData
                }
                return links.rewritten(.website(website))
            }
        } catch {
            throw LinkProxyError.from(error, forEmbed: true)
        }
    }

    private func website(
        _ page: PageMetadata, response: FetchResponse, originalURL: String
    ) async throws
        -> WebsiteEmbed?
    {
        let finalURL = response.url.description
        var oEmbed: OEmbedAnswer?
        if page.first("og:title", "twitter:title") == nil || page.first("og:image", "twitter:image") == nil,
            let link = page.links.first(where: {
                $0.rel.contains("alternate") && $0.type == "application/json+oembed"
            }),
            let oEmbedURL = EmbedBuilder.resolve(link.href, against: finalURL)
        {
            oEmbed = try? await fetchOEmbed(oEmbedURL)
        }
        guard
            var website = EmbedBuilder.website(page: page, finalURL: finalURL, originalURL: originalURL, oEmbed: oEmbed)
        else { return nil }
        if var image = website.image, image.width == 0 || image.height == 0, let size = try? await imageSize(image.url)
        {
            (image.width, image.height) = size
            website.image = image
        }
        return website
    }

    private func fetchOEmbed(_ url: String) async throws -> OEmbedAnswer {
        let limits = FetchLimits(
            maxBodyBytes: Self.oEmbedBytes,
            contentTypes: [
                "application/json", "application/json+oembed", "text/json", "text/javascript", "text/plain",
            ],
            accept: "application/json"
        )
        let (_, bytes) = try await fetcher.fetchBytes(url, limits: limits)
        return try JSONDecoder().decode(OEmbedAnswer.self, from: Data(bytes))
    }

    /// A page's picture without stated dimensions: its header, read from the first 64 KiB.
    private func imageSize(_ url: String) async throws -> (Int, Int)? {
        let limits = FetchLimits(
            maxBodyBytes: 64 * 1024, overflow: .truncate, contentTypes: ["image/*"], accept: "image/*")
        let (_, bytes) = try await fetcher.fetchBytes(url, limits: limits)
        let sniffed = ContentSniffer.sniff(bytes)
        guard let header = ImageHeaderProbe.probe(bytes, contentType: sniffed.contentType) else { return nil }
        return (header.displayWidth, header.displayHeight)
    }

    /// `Image` or `Video` for a direct link, sized from its header; nil when the bytes are not what the origin said.
    private func mediaEmbed(_ response: FetchResponse, _ prefix: [UInt8]) async throws -> Embed? {
        let url = response.url.description
        let sniffed = ContentSniffer.sniff(prefix)
        switch sniffed.kind {
        case .image:
            guard let header = ImageHeaderProbe.probe(prefix, contentType: sniffed.contentType) else { return nil }
            return .image(
                EmbedImage(url: url, width: header.displayWidth, height: header.displayHeight, size: .large)
            )
        case .video:
            let header = try await NIOThreadPool.singleton.runIfActive { MediaHeaderProbe.probe(prefix) }
            return .video(EmbedVideo(url: url, width: header?.width ?? 0, height: header?.height ?? 0))
        default:
            return nil
        }
    }
}
