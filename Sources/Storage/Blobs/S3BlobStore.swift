import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Blobs in any S3-compatible bucket (AWS S3, MinIO, R2, SeaweedFS), signed with SigV4. Bodies larger than one part
/// go up as a multipart upload with a few parts in flight; a failed or cancelled upload is aborted so no parts
/// are left behind.
public struct S3BlobStore: BlobStore {
    public struct Options: Sendable {
        /// Bytes per multipart part (S3's minimum is 5 MiB); bodies up to this size go up in one `PUT`.
        public var partSize = 8 * 1024 * 1024
        /// Parts uploaded at once by one upload, when the memory budget has room for them (otherwise one by one).
        /// One upload holds at most `partSize × (partConcurrency + 1)`.
        public var partConcurrency = 3
        /// The part buffers every upload of the process shares (`MemoryBudget.uploadParts`, 32 MiB, by default).
        public var partBudget = MemoryBudget.uploadParts
        /// Tries per request when the store answers 5xx, 429 or the connection fails.
        public var maximumAttempts = 4
        /// First retry delay; doubled each attempt, with full jitter.
        public var retryBaseDelay = Duration.milliseconds(100)
        /// Deadline of one request (a whole part, not a whole multipart upload).
        public var requestTimeout = Duration.seconds(60)

        public init() {}
    }

    public let configuration: S3Configuration
    public let options: Options
    let httpClient: HTTPClient
    let signer: SigV4Signer
    /// Whole-part buffers kept between this store's uploads, as many as the part budget holds.
    let partBuffers: PartBuffers
    let logger: Logger

    public init(
        configuration: S3Configuration,
        options: Options = Options(),
        httpClient: HTTPClient = S3BlobStore.sharedHTTPClient,
        logger: Logger = Logger(label: "discordination.s3")
    ) {
        self.configuration = configuration
        self.options = options
        self.httpClient = httpClient
        self.logger = logger
        partBuffers = PartBuffers(partSize: options.partSize, budget: options.partBudget.limit)
        signer = SigV4Signer(
            accessKey: configuration.accessKey, secretKey: configuration.secretKey, region: configuration.region
        )
    }

    public func put<Body: AsyncSequence>(_ body: Body, key: String, contentType: String?) async throws -> BlobInfo
    where Body.Element == ByteBuffer {
        try BlobKey.validate(key)
        let hold = PartMemoryHold(budget: options.partBudget)
        do {
            let info = try await put(body, key: key, contentType: contentType, hold: hold)
            await hold.releaseAll()
            return info
        } catch {
            await hold.releaseAll()
            throw error
        }
    }

    private func put<Body: AsyncSequence>(
        _ body: Body, key: String, contentType: String?, hold: PartMemoryHold
    ) async throws -> BlobInfo where Body.Element == ByteBuffer {
        var parts = PartReader(body.makeAsyncIterator(), partSize: options.partSize, buffers: partBuffers)
        let smallSize = parts.smallSize
        try await hold.acquire(smallSize)
        let first = try await parts.next {
            // Never wait while holding: give the small share back, then wait for a whole part.
            await hold.release(smallSize)
            try await hold.acquire(options.partSize)
        }
        let finished = parts.finished
        try Task.checkCancellation()
        var headers: [String: String] = [:]
        if let contentType { headers["content-type"] = contentType }
        if finished {
            _ = try await send(.PUT, key: key, headers: headers, body: first, expecting: [200])
            let size = Int64(first.readableBytes)
            partBuffers.give(first)
            return BlobInfo(key: key, size: size, lastModified: .now, contentType: contentType)
        }
        let upload = try await S3MultipartUpload.start(store: self, key: key, headers: headers)
        do {
            let size = try await upload.send(first: first, rest: &parts, hold: hold)
            return BlobInfo(key: key, size: size, lastModified: .now, contentType: contentType)
        } catch {
            await upload.abort()
            throw error
        }
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobDownload {
        try BlobKey.validate(key)
        var headers: [String: String] = [:]
        if let range { headers["range"] = range.headerValue }
        let response = try await send(.GET, key: key, headers: headers, expecting: [200, 206], streaming: true)
        let length = Int64(response.headers.first(name: "content-length") ?? "") ?? 0
        var span: ClosedRange<Int64>?
        var size = length
        if response.status.code == 206, let contentRange = response.headers.first(name: "content-range") {
            guard let parsed = Self.parseContentRange(contentRange) else {
                throw StorageError.unreachable("S3 answered an unreadable Content-Range '\(contentRange)'")
            }
            (span, size) = parsed
        }
        let info = Self.info(key: key, size: size, headers: response.headers)
        let endpoint = configuration.endpoint.absoluteString
        let body = BlobBody {
            var iterator = response.body.makeAsyncIterator()
            return {
                do {
                    return try await iterator.next()
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw StorageError.unreachable("S3 endpoint \(endpoint) broke off the download of \(key): \(error)")
                }
            }
        }
        return BlobDownload(info: info, range: span, body: body)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        try BlobKey.validate(key)
        do {
            let response = try await send(.HEAD, key: key, expecting: [200])
            let size = Int64(response.headers.first(name: "content-length") ?? "") ?? 0
            return Self.info(key: key, size: size, headers: response.headers)
        } catch StorageError.notFound {
            return nil
        }
    }

    public func delete(_ key: String) async throws {
        try BlobKey.validate(key)
        _ = try await send(.DELETE, key: key, expecting: [200, 204, 404])
    }

    public func copy(from source: String, to destination: String) async throws {
        try BlobKey.validate(source)
        try BlobKey.validate(destination)
        let sourcePath = configuration.url(forKey: source).path
        let copySource = configuration.pathStyle ? sourcePath : "/\(configuration.bucket)\(sourcePath)"
        let response = try await send(
            .PUT,
            key: destination,
            headers: [
                "x-amz-copy-source": copySource.split(separator: "/").map { SigV4Signer.uriEncode(String($0)) }
                    .joined(separator: "/").prefixed("/")
            ],
            expecting: [200]
        )
        try Self.throwIfErrorDocument(response.text, context: "copying \(source) to \(destination)")
    }

    /// A time-limited URL that downloads `key` straight from the store (for `storage.s3.presign_downloads`).
    public func presignedDownloadURL(
        key: String,
        expires: Duration = .seconds(900),
        contentDisposition: String? = nil,
        contentType: String? = nil
    ) throws -> URL {
        try BlobKey.validate(key)
        var query: [(String, String)] = []
        if let contentDisposition { query.append(("response-content-disposition", contentDisposition)) }
        if let contentType { query.append(("response-content-type", contentType)) }
        return signer.presignedURL(url: configuration.url(forKey: key), expires: expires, query: query)
    }

    static func info(key: String, size: Int64, headers: HTTPHeaders) -> BlobInfo {
        let modified = headers.first(name: "last-modified").flatMap(Self.parseHTTPDate) ?? .now
        return BlobInfo(key: key, size: size, lastModified: modified, contentType: headers.first(name: "content-type"))
    }

    /// `bytes FIRST-LAST/TOTAL` → the range and the whole object's size.
    static func parseContentRange(_ value: String) -> (ClosedRange<Int64>, Int64)? {
        let parts = value.replacingOccurrences(of: "bytes ", with: "").split(separator: "/")
        guard parts.count == 2, let total = Int64(parts[1]) else { return nil }
        let bounds = parts[0].split(separator: "-")
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first <= last else {
            return nil
        }
        return (first...last, total)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

extension String {
    fileprivate func prefixed(_ prefix: String) -> String { hasPrefix(prefix) ? self : prefix + self }
}
