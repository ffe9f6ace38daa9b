import Crypto
import Foundation
import Logging
import Media
import NIOCore
import Storage
import TestSupport
import Testing

@testable import FileServer

/// Uploads from byte stream to blob and record, on the disk store and SQLite: what is stored, what is refused
/// before storing, and that a refusal or a failure mid-stream leaves nothing behind.
@Suite struct UploadIngestTests {
    static func png(width: Int, height: Int, padding: Int = 0) -> [UInt8] {
        func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            be32(data.count) + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
            + chunk("IDAT", (0..<padding).map { UInt8(truncatingIfNeeded: $0 &* 31) }) + chunk("IEND", [])
    }

    static func body(_ bytes: [UInt8], chunk: Int = 1000) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            var offset = 0
            while offset < bytes.count {
                continuation.yield(ByteBuffer(bytes: bytes[offset..<min(bytes.count, offset + chunk)]))
                offset += chunk
            }
            continuation.finish()
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh disk store and SQLite database for one test.
    func withIngest(_ body: (UploadIngest, DiskBlobStore, MetadataStore) async throws -> Void) async throws {
        let directory = TestEndpoints.temporaryDirectory("ingest")
        let blobs = try DiskBlobStore(root: directory + "/blobs")
        try await MetadataStore.withStore(
            location: .sqlite(path: directory + "/metadata.sqlite"), logger: Logger(label: "test")
        ) { metadata in
            try await metadata.migrate()
            try await body(UploadIngest(blobs: blobs, metadata: metadata), blobs, metadata)
        }
    }

    func storedKeys(_ blobs: DiskBlobStore) async throws -> [String] {
        try await blobs.list(prefix: "", continuation: nil, limit: 100).objects.map(\.key)
    }

    func upload(_ tag: String, _ name: String = "a.png") -> UploadIngest.Upload {
        UploadIngest.Upload(pipeline: PipelineCatalog.defaults[tag]!, filename: name, uploaderID: "u1")
    }

    @Test func anImageIsStoredDescribedAndDeduplicated() async throws {
        try await withIngest { (ingest, blobs, metadata) async throws in
            let bytes = Self.png(width: 640, height: 480, padding: 300_000)
            let first = try await ingest.ingest(Self.body(bytes), upload("attachments"))
            #expect(!first.deduplicated)
            #expect(first.file.contentType == "image/png")
            #expect(first.file.size == Int64(bytes.count))
            #expect(first.file.hash == Self.sha256(bytes))
            #expect(first.file.metadata == #"{"type":"Image","width":640,"height":480,"animated":false}"#)
            #expect(first.file.id.count == 42 && FileID.isValid(first.file.id))
            #expect(
                try await blobs.get(first.object.storageKey, range: nil).body.collect(upTo: 1 << 20).readableBytes
                    == bytes.count)

            let second = try await ingest.ingest(Self.body(bytes, chunk: 7_777), upload("avatars", "again.png"))
            #expect(second.deduplicated)
            #expect(second.object.storageKey == first.object.storageKey)
            #expect(second.object.refs == 2)
            #expect(try await storedKeys(blobs) == [first.object.storageKey], "the duplicate's bytes were dropped")
            #expect(try await metadata.files(hash: first.file.hash).count == 2)
        }
    }

    @Test func refusalsStoreNothing() async throws {
        try await withIngest { (ingest, blobs, metadata) async throws in
            let cases: [([UInt8], UploadIngest.Upload, UploadError)] = [
                ([], upload("attachments"), .fileTooSmall),
                (
                    Array("<!DOCTYPE html><script>alert(1)</script>".utf8), upload("avatars", "cat.png"),
                    .fileTypeNotAllowed("text/html is not accepted by avatars")
                ),
                (
                    Array("<svg onload=\"alert(1)\"/>".utf8), upload("emojis", "x.png"),
                    .fileTypeNotAllowed("image/svg+xml is not accepted by emojis")
                ),
                (
                    [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0], upload("icons", "truncated.jpg"),
                    .fileTypeNotAllowed("image/jpeg is not accepted by icons")
                ),
                (
                    Self.png(width: 100_000, height: 100_000), upload("attachments"),
                    .imageTooLarge("100000 × 100000 pixels exceeds the 10000 px side limit of attachments")
                ),
                (Self.png(width: 10, height: 10, padding: 600_000), upload("emojis"), .fileTooLarge(max: 500_000)),
            ]
            for (bytes, upload, expected) in cases {
                await #expect(throws: expected) { _ = try await ingest.ingest(Self.body(bytes), upload) }
            }
            #expect(try await storedKeys(blobs).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: blobs.root + "/.tmp").isEmpty)
            #expect(
                try await metadata.danglingFiles(uploadedBefore: .now.addingTimeInterval(60), after: nil, limit: 10)
                    .isEmpty)
        }
    }

    @Test func textAndOtherFilesAreAttachmentsOnly() async throws {
        try await withIngest { (ingest, _, _) async throws in
            let text = try await ingest.ingest(
                Self.body(Array("just words\n".utf8)), upload("attachments", "../../notes\u{202E}txt.exe")
            )
            #expect(text.file.metadata == #"{"type":"Text"}"#)
            #expect(text.file.filename == "notestxt.exe", "the stored name is sanitized")
            #expect(text.file.contentType == "text/plain; charset=utf-8")
            let binary = try await ingest.ingest(Self.body([0, 1, 2, 3, 0xFE]), upload("attachments", "a.bin"))
            #expect(binary.file.metadata == #"{"type":"File"}"#)
            await #expect(throws: UploadError.self) {
                _ = try await ingest.ingest(Self.body(Array("words".utf8)), upload("banners", "a.txt"))
            }
        }
    }
}

/// On S3 (SeaweedFS, signatures checked): a client that gives up mid-upload leaves no object, no parts and no
/// record.
@Suite struct UploadIngestS3Tests {
    struct ClientGone: Error {}

    @Test func aClientLeavingMidUploadLeavesNothing() async throws {
        let configuration = S3Configuration(
            endpoint: URL(string: TestEndpoints.s3Endpoint)!, region: TestEndpoints.s3Region,
            bucket: "dcn-test-ingest", accessKey: TestEndpoints.s3AccessKey, secretKey: TestEndpoints.s3SecretKey
        )
        try await S3BucketClient(configuration: configuration).createBucket()
        let blobs = S3BlobStore(configuration: configuration)
        let before = try await blobs.list(prefix: "", continuation: nil, limit: 1000).objects.count
        let directory = TestEndpoints.temporaryDirectory("ingest-s3")
        try await MetadataStore.withStore(
            location: .sqlite(path: directory + "/metadata.sqlite"), logger: Logger(label: "test")
        ) { metadata in
            try await metadata.migrate()
            let ingest = UploadIngest(blobs: blobs, metadata: metadata)
            // 12 MiB of a 20 MB upload, then the connection drops: past the first 8 MiB part.
            let body = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                continuation.yield(ByteBuffer(bytes: UploadIngestTests.png(width: 64, height: 64)))
                for _ in 0..<12 { continuation.yield(ByteBuffer(repeating: 7, count: 1 << 20)) }
                continuation.finish(throwing: ClientGone())
            }
            let upload = UploadIngest.Upload(
                pipeline: PipelineCatalog.defaults["attachments"]!, filename: "big.png", uploaderID: "u1"
            )
            await #expect(throws: ClientGone.self) { _ = try await ingest.ingest(body, upload) }
            #expect(
                try await metadata.danglingFiles(uploadedBefore: .now.addingTimeInterval(60), after: nil, limit: 10)
                    .isEmpty)
        }
        #expect(try await blobs.list(prefix: "", continuation: nil, limit: 1000).objects.count == before)
        #expect(try await blobs.pendingMultipartUploads().isEmpty, "no parts left behind")
    }
}
