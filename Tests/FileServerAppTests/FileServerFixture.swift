import Foundation
import HTTPTypes
import HummingbirdTesting
import JobQueue
import Logging
import NIOCore
import RedisClient
import Storage
import TestSupport
import Testing

@testable import App

/// One file server under test: its configuration (a namespace of its own in the test Redis, so rate limits and
/// queues do not mix between tests), a user's session token, and access to the same stores the app uses.
struct FileServerFixture {
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        /// The disk store and SQLite in a fresh directory.
        case disk
        /// SeaweedFS through S3 and PostgreSQL, as a production deployment would run.
        case s3

        var description: String { rawValue }
    }

    let configuration: AppConfiguration
    let token: String
    let botToken: String
    let userID: String
    let namespace: String

    static let logger: Logger = {
        var logger = Logger(label: "fileserver-tests")
        logger.logLevel = .warning
        return logger
    }()

    static func make(_ backend: Backend = .disk, _ overrides: [String: String] = [:]) async throws -> FileServerFixture
    {
        let directory = TestEndpoints.temporaryDirectory("files-\(backend)")
        let namespace = "f-\(UUID().uuidString.prefix(8).lowercased())"
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": namespace,
            "redis.key_prefix": namespace,
            "storage.data_dir": directory,
            "http.port": "0",
            "files.admin_token": "admin-secret",
            "log.level": "warning",
            // Downloads asked for right after an upload wait for the worker; the heavy phase runs many at once.
            "files.processing_wait": "60s",
        ]
        if backend == .s3 {
            values.merge(
                [
                    "database.url": TestEndpoints.postgresURL,
                    "storage.backend": "s3",
                    "storage.s3.endpoint": TestEndpoints.s3Endpoint,
                    "storage.s3.region": TestEndpoints.s3Region,
                    "storage.s3.bucket": "dcn-test-files-\(namespace)",
                    "storage.s3.access_key": TestEndpoints.s3AccessKey,
                    "storage.s3.secret_key": TestEndpoints.s3SecretKey,
                    "storage.s3.create_bucket": "true",
                ]
            ) { _, new in new }
        }
        values.merge(overrides) { _, new in new }
        let configuration = try AppConfiguration.testing(values)
        if case .s3(let s3) = configuration.blobs, configuration.blobStore.createBucket {
            try await S3BucketClient(configuration: s3).createBucket()
        }
        let userID = "user-\(UUID().uuidString.prefix(8))"
        let (token, botToken) = try await MetadataStore.withStore(location: configuration.database, logger: logger) {
            store in
            try await store.migrate()
            let session = try await store.createSession(userID: userID, kind: .session, name: "test").token
            let bot = try await store.createSession(userID: userID + "-bot", kind: .bot, name: "test bot").token
            return (session, bot)
        }
        return FileServerFixture(
            configuration: configuration, token: token, botToken: botToken, userID: userID, namespace: namespace
        )
    }

    /// Runs `body` with the app's metadata store (a second connection to the same database).
    func metadata<Result: Sendable>(_ body: (MetadataStore) async throws -> Result) async throws -> Result {
        try await MetadataStore.withStore(location: configuration.database, logger: Self.logger, body)
    }

    func blobs() throws -> any BlobStore {
        try configuration.blobStore.openStore(logger: Self.logger)
    }

    /// Every key in the blob store (each fixture has a bucket or directory of its own).
    func blobKeys(among keys: [String]? = nil) async throws -> [String] {
        let store = try blobs()
        var found: [String] = []
        var continuation: String?
        repeat {
            let page = try await store.list(prefix: "", continuation: continuation, limit: 1000)
            found += page.objects.map(\.key)
            continuation = page.continuation
        } while continuation != nil
        guard let keys else { return found.sorted() }
        return found.filter(keys.contains).sorted()
    }

    func jobs() throws -> JobQueue {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        return JobQueue(redis: redis, namespace: namespace, logger: Self.logger)
    }

    var authHeaders: [String: String] { ["X-Session-Token": token] }

    /// Polls the record until the media worker has decided (30 s at most).
    func processed(_ id: String) async throws -> FileRecord {
        for _ in 0..<300 {
            if let file = try await metadata({ try await $0.file(id: id) }), file.processing != .pending {
                return file
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    /// Uploads `bytes` as the fixture's user and returns the new file's id; anything but 200 fails the test.
    func upload(
        _ client: some TestClientProtocol, _ bytes: [UInt8], filename: String, tag: String = "attachments",
        prefix: String = "/autumn"
    ) async throws -> String {
        var headers = HTTPFields(authHeaders)
        headers[.contentType] = UploadSamples.formContentType
        let response = try await client.execute(
            uri: "\(prefix)/\(tag)", method: .post, headers: headers,
            body: UploadSamples.form(bytes, filename: filename)
        )
        try #require(response.status == .ok, "\(String(buffer: response.body))")
        return try JSONDecoder().decode(UploadRouteTests.Answer.self, from: response.body).id
    }
}

/// Upload bodies and sample files for the file-server tests.
enum UploadSamples {
    static let boundary = "dcn-test-boundary-7MA4YWxkTrZu0gW"

    /// A `multipart/form-data` body with one field (`file` unless said otherwise) and its content type.
    static func form(
        _ bytes: [UInt8],
        filename: String = "picture.png",
        field: String = "file",
        contentType: String = "application/octet-stream",
        before: [(String, String)] = []
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in before {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n"
        )
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    static var formContentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// A PNG that is valid as far as its header goes (what the upload probe reads), with `padding` bytes of data.
    static func png(width: Int, height: Int, padding: Int = 0, seed: Int = 0) -> [UInt8] {
        func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            be32(data.count) + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
            + chunk("IDAT", idat(padding: padding, seed: seed)) + chunk("IEND", [])
    }

    /// `padding` bytes that differ for every seed: its eight bytes first (a pattern shifted by the seed alone repeats
    /// every 256 seeds, and tests sharing one PostgreSQL database then deduplicated each other's uploads).
    static func idat(padding: Int, seed: Int) -> [UInt8] {
        let pattern = (0..<padding).map { UInt8(truncatingIfNeeded: ($0 &+ seed) &* 31) }
        guard padding >= 8 else { return pattern }
        return (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) } + pattern.dropFirst(8)
    }

    static func text(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `jpeg` with `segments` APP1 segments of extended XMP (64 KiB each, as Photoshop writes them) put right after
    /// its start marker, so its frame header lies far past the bytes an upload reads before deciding.
    static func withXMP(_ jpeg: [UInt8], segments: Int) -> [UInt8] {
        let body = Array("http://ns.adobe.com/xmp/extension/\0".utf8) + [UInt8](repeating: 0x20, count: 65_000)
        let segment = [0xFF, 0xE1, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        return Array(jpeg.prefix(2)) + Array([[UInt8]](repeating: segment, count: segments).joined())
            + Array(jpeg.dropFirst(2))
    }

    /// The start of a progressive JPEG declaring `width` × `height` pixels: its frame header and no image data.
    static func progressiveJPEGHeader(width: Int, height: Int) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xC2, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8)]
            + [UInt8(width & 0xFF), 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
    }
}
