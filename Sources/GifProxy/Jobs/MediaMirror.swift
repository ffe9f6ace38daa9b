import NIOCore
import SafeFetch
import Storage

/// The work of a `gif.mirror` job: fetches a provider's GIF, WebP, MP4 or WebM through the SafeFetcher (bounded in
/// bytes and time) and stores it as it is under `proxy/gif/<digest>`, typed by its own bytes rather than by what
/// the CDN claimed.
public struct MediaMirror: Sendable {
    let fetcher: SafeFetcher
    let blobs: any BlobStore
    let maxBytes: Int

    public init(fetcher: SafeFetcher, blobs: any BlobStore, maxBytes: Int) {
        self.fetcher = fetcher
        self.blobs = blobs
        self.maxBytes = maxBytes
    }

    public func mirror(_ url: String) async throws(GifProxyError) -> MirroredMedia {
        let bytes: [UInt8]
        do {
            let limits = FetchLimits(
                maxBodyBytes: maxBytes, contentTypes: ["image/*", "video/*", "application/octet-stream"],
                accept: "image/*,video/*")
            (_, bytes) = try await fetcher.fetchBytes(url, limits: limits)
        } catch let error as SafeFetchError {
            switch error {
            case .tooLarge: throw GifProxyError("ContentTooLarge", reason: "larger than \(maxBytes) bytes")
            case .timedOut: throw .timedOut
            case .unsupportedContentType(let type): throw GifProxyError("UnsupportedContentType", reason: type)
            case .blocked(let reason), .invalidURL(let reason): throw GifProxyError("InvalidOperation", reason: reason)
            case .httpStatus(let status): throw .upstream("the media host answered \(status)")
            default: throw .upstream("the media host could not be reached")
            }
        } catch {
            throw .upstream("the media host could not be reached")
        }
        guard let contentType = Self.sniff(bytes) else {
            throw GifProxyError("UnsupportedContentType", reason: "not a GIF, WebP, PNG, JPEG, MP4 or WebM file")
        }
        let key = "proxy/gif/" + MediaLinks.digest(url)
        do {
            _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: key, contentType: contentType)
        } catch {
            throw .upstream("the file could not be stored")
        }
        return MirroredMedia(key: key, contentType: contentType, size: bytes.count)
    }

    /// The type the file's first bytes prove, among the formats GIF providers serve.
    static func sniff(_ bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("ftyp".utf8), at: 4) { return "video/mp4" }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return "video/webm" }
        return nil
    }
}
