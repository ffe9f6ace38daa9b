import Cleanup
import Crypto
import Foundation
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// The metadata and blob backends the cleanup tests run on, in pairs.
enum CleanupBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteDisk
    case postgresS3

    var testDescription: String { rawValue }
}

/// A fresh metadata store (a new SQLite file or a new PostgreSQL database) and a fresh blob store (a directory,
/// or an S3 bucket of its own, since a sweep lists the whole store), with helpers that write the way uploads and
/// media jobs do.
struct CleanupFixture: Sendable {
    let metadata: MetadataStore
    let blobs: any BlobStore
    /// The disk store's root, for backdating files; nil on S3.
    let diskRoot: String?

    static let logger: Logger = {
        var logger = Logger(label: "cleanup-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with both stores open; an S3 bucket is emptied and deleted afterwards.
    static func with<Result: Sendable>(
        _ backend: CleanupBackend, _ body: (CleanupFixture) async throws -> Result
    ) async throws -> Result {
        let location = try await metadataLocation(backend)
        return try await MetadataStore.withStore(location: location, logger: logger) { metadata in
            try await metadata.migrate()
            switch backend {
            case .sqliteDisk:
                let root = TestEndpoints.temporaryDirectory("cleanup-blobs")
                let fixture = CleanupFixture(metadata: metadata, blobs: try DiskBlobStore(root: root), diskRoot: root)
                return try await body(fixture)
            case .postgresS3:
                let bucket = S3BucketClient(configuration: s3Configuration(bucket: "dcn-cleanup-\(shortID())"))
                try await bucket.createBucket()
                let store = S3BlobStore(configuration: bucket.configuration)
                let fixture = CleanupFixture(metadata: metadata, blobs: store, diskRoot: nil)
                do {
                    let result = try await body(fixture)
                    try await fixture.removeEverything()
                    try await bucket.deleteBucket()
                    return result
                } catch {
                    try? await fixture.removeEverything()
                    try? await bucket.deleteBucket()
                    throw error
                }
            }
        }
    }

    static func shortID() -> String {
        UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    }

    static func s3Configuration(bucket: String) -> S3Configuration {
        S3Configuration(
            endpoint: URL(string: TestEndpoints.s3Endpoint)!, region: TestEndpoints.s3Region, bucket: bucket,
            accessKey: TestEndpoints.s3AccessKey, secretKey: TestEndpoints.s3SecretKey
        )
    }

    static func metadataLocation(_ backend: CleanupBackend) async throws -> DatabaseLocation {
        switch backend {
        case .sqliteDisk:
            return .sqlite(path: TestEndpoints.temporaryDirectory("cleanup-metadata") + "/metadata.sqlite")
        case .postgresS3:
            guard
                case .postgres(let host, let port, let user, let password, let database) = try DatabaseLocation(
                    url: TestEndpoints.postgresURL)
            else { throw StorageError.invalidConfiguration("DISCORDINATION_TEST_POSTGRES_URL is not postgres") }
            let name = "dcn_cleanup_\(shortID())"
            let server = DatabaseLocation.postgres(
                host: host, port: port, username: user, password: password, database: database)
            try await MetadataStore.withStore(location: server, logger: logger) { store in
                try await store.database.withConnection { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            }
            return .postgres(host: host, port: port, username: user, password: password, database: name)
        }
    }

    // MARK: Writing as the file server and the media jobs do

    /// An upload: the bytes under a new random key, then the record (deduplicated by hash: a second copy of the
    /// same bytes is dropped, as `UploadIngest` does).
    @discardableResult
    func upload(_ bytes: [UInt8], uploadedAt: Date = .now, id: String = "f" + shortID()) async throws -> FileRecord {
        let key = try await putOrphan(bytes)
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let record = FileRecord(
            id: id, tag: "attachments", filename: "f.bin", contentType: "application/octet-stream",
            size: Int64(bytes.count), hash: hash, uploadedAt: uploadedAt)
        let creation = try await metadata.createFile(
            record,
            object: StoredObject(
                hash: hash, storageKey: key, size: Int64(bytes.count), contentType: "application/octet-stream"))
        if creation.deduplicated { try await blobs.delete(key) }
        return creation.file
    }

    /// Bytes stored under a new top-level key with no record: an upload that crashed before its record.
    func putOrphan(_ bytes: [UInt8]) async throws -> String {
        let key = "k" + Self.shortID() + Self.shortID()
        _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: key, contentType: nil)
        return key
    }

    /// A variant of `hash`'s object, written and recorded as the media job does.
    func addVariant(
        _ name: String, hash: String, bytes: [UInt8] = Array(repeating: 7, count: 64)
    ) async throws -> String {
        let key = "variants/\(hash)/\(name).webp"
        _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: key, contentType: "image/webp")
        _ = try await metadata.addVariants(
            [name: StoredVariant(key: key, contentType: "image/webp", size: Int64(bytes.count))], hash: hash)
        return key
    }

    // MARK: Looking at the stores

    /// Every blob key in the store, with its size.
    func listing() async throws -> [String: Int64] {
        var keys: [String: Int64] = [:]
        var continuation: String?
        repeat {
            let page = try await blobs.list(prefix: "", continuation: continuation, limit: 1000)
            for object in page.objects { keys[object.key] = object.size }
            continuation = page.continuation
        } while continuation != nil
        return keys
    }

    /// Every file record and every object row, as text, for comparing the database before and after.
    func databaseDump() async throws -> [String] {
        try await metadata.database.withConnection { connection in
            let files = try await connection.raw("SELECT * FROM files ORDER BY id").all().map {
                "\(try FileRecord(row: $0))"
            }
            let objects = try await connection.raw("SELECT * FROM objects ORDER BY hash").all().map {
                "\(try StoredObject(row: $0))"
            }
            return files + objects
        }
    }

    func allFiles() async throws -> [FileRecord] {
        try await metadata.database.withConnection { connection in
            try await connection.raw("SELECT * FROM files ORDER BY id").all().map(FileRecord.init(row:))
        }
    }

    func allObjects() async throws -> [StoredObject] {
        try await metadata.objects(after: nil, limit: 1_000_000)
    }

    /// Sets a disk blob's modification time back by `age`, as if it had been written then.
    func backdate(_ key: String, by age: TimeInterval) throws {
        guard let diskRoot else { return }
        let location = try DiskBlobStore.location(of: key)
        try FileManager.default.setAttributes(
            [.modificationDate: Date.now.addingTimeInterval(-age)],
            ofItemAtPath: "\(diskRoot)/\(location.directory)/\(location.name)")
    }

    func removeEverything() async throws {
        for key in try await listing().keys { try await blobs.delete(key) }
    }

    func cleaner(_ settings: CleanupSettings) -> Cleaner {
        Cleaner(metadata: metadata, blobs: blobs, settings: settings, logger: Self.logger)
    }
}

/// Settings under which everything that may go goes at once: no grace, no retention, no pacing.
extension CleanupSettings {
    static let immediate = CleanupSettings(
        danglingAfter: .zero, retention: .zero, maxDeletesPerSecond: 0, maxDeletesPerRun: 0, pageSize: 7)
}
