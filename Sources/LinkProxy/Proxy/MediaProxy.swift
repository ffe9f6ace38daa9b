import Foundation
import Media
import NIOCore
import NIOPosix
import SafeFetch
import Storage

/// Fetches an image or video for `/proxy` and stores what clients will get: images re-encoded by libvips to WebP
/// within 1280 × 1280 (animations kept animated, frames and pixels bounded, ICO and BMP decoded here), videos
/// passed through after libavformat has read their header. Anything else, SVG included, is refused.
public struct MediaProxy: Sendable {
    let fetcher: SafeFetcher
    let blobs: any BlobStore
    let settings: LinkProxySettings

    static let preview = VariantSpec(name: "proxy", fit: .fit, width: 1280, height: 1280, format: .webp, animated: true)

    public init(fetcher: SafeFetcher, blobs: any BlobStore, settings: LinkProxySettings) {
        self.fetcher = fetcher
        self.blobs = blobs
        self.settings = settings
    }

    /// The blob key of a proxied URL: the hash of the URL, so a URL is stored once.
    public static func key(for url: String) -> String {
        "proxy/" + LinkCache.digest(url)
    }

    public func fetchAndStore(_ url: String) async throws(LinkProxyError) -> ProxiedMedia {
        do {
            let limits = FetchLimits(
                maxBodyBytes: settings.maxMediaBytes, contentTypes: ["image/*", "video/*"], accept: "image/*,video/*"
            )
            let (_, bytes) = try await fetcher.fetchBytes(url, limits: limits)
            let sniffed = ContentSniffer.sniff(bytes)
            let key = Self.key(for: url)
            if sniffed.kind == .video {
                let header = try await NIOThreadPool.singleton.runIfActive {
                    MediaHeaderProbe.probe(Array(bytes.prefix(1024 * 1024)))
                }
                guard header?.kind == .video else {
                    throw LinkProxyError("UnsupportedContentType", reason: "not a video")
                }
                return try await store(bytes, key: key, contentType: sniffed.contentType)
            }
            let isFavicon = FaviconDecoder.recognises(bytes)
            guard (sniffed.kind == .image && sniffed.contentType != "image/svg+xml") || isFavicon else {
                throw LinkProxyError("UnsupportedContentType", reason: sniffed.contentType)
            }
            // A progressive JPEG costs far more to shrink than a baseline one: half the pixel budget.
            let progressive = ImageHeaderProbe.probe(bytes, contentType: sniffed.contentType)?.progressive ?? false
            let rendered = try await render(
                bytes, favicon: isFavicon && sniffed.kind != .image,
                maxPixels: progressive ? settings.maxPixels / 2 : settings.maxPixels
            )
            return try await store(rendered, key: key + ".webp", contentType: "image/webp")
        } catch let error as LinkProxyError {
            throw error
        } catch {
            throw LinkProxyError.from(error, forEmbed: false)
        }
    }

    private func render(_ bytes: [UInt8], favicon: Bool, maxPixels: Int) async throws -> [UInt8] {
        let work = try WorkDirectory(prefix: "dcn-proxy")
        defer { work.remove() }
        let maxFrames = settings.maxFrames
        return try await NIOThreadPool.singleton.runIfActive {
            let input = work.path("input")
            if favicon {
                do {
                    try FaviconDecoder.convertToPNG(bytes, path: input)
                } catch {
                    throw LinkProxyError("UnsupportedContentType", reason: "\(error)")
                }
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: input))
            }
            let header: ImageFile.Header
            do {
                header = try ImageFile.header(path: input)
            } catch {
                throw LinkProxyError("UnsupportedContentType", reason: "the image cannot be decoded")
            }
            guard header.width * header.height <= maxPixels else {
                throw LinkProxyError("ContentTooLarge", reason: "more than \(maxPixels) pixels")
            }
            let frames = ImageFile.framesToKeep(header, maxFrames: maxFrames, maxPixels: maxPixels * 5)
            do {
                return try VariantRenderer.render(path: input, spec: Self.preview, frames: frames).bytes
            } catch {
                throw LinkProxyError("UnsupportedContentType", reason: "the image cannot be decoded")
            }
        }
    }

    private func store(_ bytes: [UInt8], key: String, contentType: String) async throws -> ProxiedMedia {
        _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: key, contentType: contentType)
        return ProxiedMedia(key: key, contentType: contentType, size: bytes.count)
    }
}
