import Crypto
import Foundation
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// The blob backends every shared case runs against: disk, SeaweedFS's S3 gateway (signatures checked), and each
/// of them encrypted.
enum BlobBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case disk
    case s3
    case encryptedDisk
    case encryptedS3

    var testDescription: String { rawValue }

    static let bucket = "dcn-test-blobs"
    static let encryptionKey = SymmetricKey(size: .bits256)

    static func s3Configuration(
        bucket: String = bucket,
        secret: String = TestEndpoints.s3SecretKey,
        endpoint: String = TestEndpoints.s3Endpoint
    ) -> S3Configuration {
        S3Configuration(
            endpoint: URL(string: endpoint)!, region: TestEndpoints.s3Region, bucket: bucket,
            accessKey: TestEndpoints.s3AccessKey, secretKey: secret
        )
    }

    /// A store for one test. S3 parts are 5 MiB (S3's minimum) so multipart paths run on modest bodies.
    func makeStore() async throws -> any BlobStore {
        let base: any BlobStore
        switch self {
        case .disk, .encryptedDisk:
            base = try DiskBlobStore(root: TestEndpoints.temporaryDirectory("blobs"))
        case .s3, .encryptedS3:
            try await S3BucketClient(configuration: Self.s3Configuration()).createBucket()
            var options = S3BlobStore.Options()
            options.partSize = 5 * 1024 * 1024
            base = S3BlobStore(configuration: Self.s3Configuration(), options: options)
        }
        switch self {
        case .encryptedDisk, .encryptedS3: return try EncryptedBlobStore(base: base, key: Self.encryptionKey)
        case .disk, .s3: return base
        }
    }
}

/// A key prefix no other test uses, so tests can share one bucket and run in parallel.
func uniquePrefix(_ name: String) -> String {
    "t\(UUID().uuidString.prefix(8).lowercased())/\(name)/"
}

/// `count` pseudo-random bytes (the same for the same seed), cheap to make and to compare by hash.
func pseudoRandomBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// Yields `bytes` in chunks of `chunk` bytes, like a request body arriving; can fail after `failAfter` bytes.
struct ChunkedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    struct Interrupted: Error {}

    let total: Int
    let chunk: Int
    var failAfter: Int?
    var seed: UInt64 = 1

    init(_ bytes: Int, chunk: Int = 64 * 1024, failAfter: Int? = nil, seed: UInt64 = 1) {
        total = bytes
        self.chunk = chunk
        self.failAfter = failAfter
        self.seed = seed
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: ChunkedBody
        var sent = 0
        let pattern: [UInt8]

        mutating func next() async throws -> ByteBuffer? {
            if let failAfter = body.failAfter, sent >= failAfter { throw Interrupted() }
            guard sent < body.total else { return nil }
            let length = Swift.min(body.chunk, body.total - sent)
            let start = sent % pattern.count
            var buffer = ByteBuffer()
            buffer.reserveCapacity(length)
            var remaining = length
            var offset = start
            while remaining > 0 {
                let take = Swift.min(remaining, pattern.count - offset)
                buffer.writeBytes(pattern[offset..<(offset + take)])
                remaining -= take
                offset = 0
            }
            sent += length
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        // A prime-length pattern, so chunk and part boundaries never line up with it.
        AsyncIterator(body: self, pattern: pseudoRandomBytes(65_521, seed: seed))
    }

    /// The SHA-256 of the whole body, computed the same way the store will see it.
    func sha256() async throws -> String {
        var hash = SHA256()
        for try await chunk in self { hash.update(data: Array(chunk.readableBytesView)) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension BlobBody {
    func sha256() async throws -> (hash: String, size: Int) {
        var hash = SHA256()
        var size = 0
        for try await chunk in self {
            size += chunk.readableBytes
            chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        }
        return (hash.finalize().map { String(format: "%02x", $0) }.joined(), size)
    }

    func bytes(upTo maximum: Int = 64 << 20) async throws -> [UInt8] {
        Array(try await collect(upTo: maximum).readableBytesView)
    }
}

/// A body of exactly these bytes, in chunks.
func bodyOf(_ bytes: [UInt8], chunk: Int = 4096) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            continuation.yield(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
        continuation.finish()
    }
}

/// The process's resident memory now, in bytes (Linux `/proc/self/statm`).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}
