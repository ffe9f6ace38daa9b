import Crypto
import Foundation
import Logging
import NIOCore
import Storage

// Streams bytes through a BlobStore and reports throughput and memory, one `key=value` line:
//   StorageBenchmark put BACKEND (--file PATH | --bytes N) [--get] [--part-mib N] [--parts N]
// BACKEND is disk, s3, encrypted-disk or encrypted-s3. S3 settings come from DISCORDINATION_TEST_S3_* (as written
// by Deploy/services.sh), the disk root from DISCORDINATION_BENCH_DISK_ROOT. Peak memory is the kernel's high-water
// mark (VmHWM) less the resident size just before the upload.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("StorageBenchmark: \(message)\n".utf8))
    exit(2)
}

func statusField(_ name: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

/// A file read in 1 MiB chunks. The reads block a cooperative thread, which a single-stream benchmark can afford.
struct FileChunks: AsyncSequence {
    typealias Element = ByteBuffer
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        mutating func next() async throws -> ByteBuffer? {
            guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        guard let handle = FileHandle(forReadingAtPath: path) else { fail("cannot open \(path)") }
        return AsyncIterator(handle: handle)
    }
}

/// `total` bytes of a fixed pseudo-random pattern, in 256 KiB buffers made fresh for each chunk, like a request
/// body arriving from the network.
struct GeneratedChunks: AsyncSequence {
    typealias Element = ByteBuffer
    let total: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let total: Int
        var sent = 0
        let pattern: [UInt8]
        mutating func next() async throws -> ByteBuffer? {
            guard sent < total else { return nil }
            let length = Swift.min(pattern.count, total - sent)
            sent += length
            return ByteBuffer(bytes: pattern[0..<length])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let pattern = (0..<(256 * 1024)).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        return AsyncIterator(total: total, pattern: pattern)
    }
}

LargeAllocations.returnToSystemWhenFreed()
let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "put" else {
    fail("usage: StorageBenchmark put BACKEND (--file PATH | --bytes N) [--get] [--part-mib N] [--parts N]")
}
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[$0 + 1] : nil }
}
let environment = ProcessInfo.processInfo.environment
let backend = arguments[2]
var options = S3BlobStore.Options()
if let parts = option("--parts").flatMap(Int.init) { options.partConcurrency = parts }
if let mib = option("--part-mib").flatMap(Int.init) { options.partSize = mib << 20 }

let base: any BlobStore
if backend.hasSuffix("s3") {
    let configuration = S3Configuration(
        endpoint: URL(string: environment["DISCORDINATION_TEST_S3_ENDPOINT"] ?? "http://127.0.0.1:18333")!,
        region: environment["DISCORDINATION_TEST_S3_REGION"] ?? "us-east-1",
        bucket: environment["DISCORDINATION_BENCH_BUCKET"] ?? "dcn-bench",
        accessKey: environment["DISCORDINATION_TEST_S3_ACCESS_KEY"] ?? "dcn-test-access",
        secretKey: environment["DISCORDINATION_TEST_S3_SECRET_KEY"] ?? "dcn-test-secret-key-0123456789"
    )
    try await S3BucketClient(configuration: configuration).createBucket()
    base = S3BlobStore(configuration: configuration, options: options)
} else {
    base = try DiskBlobStore(root: environment["DISCORDINATION_BENCH_DISK_ROOT"] ?? "/tmp/dcn-bench-blobs")
}
let store: any BlobStore =
    backend.hasPrefix("encrypted") ? try EncryptedBlobStore(base: base, key: SymmetricKey(size: .bits256)) : base

let key = "bench/\(UUID().uuidString)"
let idle = statusField("VmRSS")
let started = ContinuousClock.now
let info: BlobInfo
if let path = option("--file") {
    info = try await store.put(FileChunks(path: path), key: key, contentType: "application/octet-stream")
} else if let bytes = option("--bytes").flatMap(Int.init) {
    info = try await store.put(GeneratedChunks(total: bytes), key: key, contentType: "application/octet-stream")
} else {
    fail("give --file PATH or --bytes N")
}
let putSeconds =
    Double((ContinuousClock.now - started).components.attoseconds) / 1e18
    + Double((ContinuousClock.now - started).components.seconds)
var line = "bytes=\(info.size) put_seconds=\(String(format: "%.3f", putSeconds))"
line += " put_mib_s=\(String(format: "%.1f", Double(info.size) / 1_048_576 / putSeconds))"
if arguments.contains("--get") {
    let reading = ContinuousClock.now
    var hash = SHA256()
    var read = 0
    for try await chunk in try await store.get(key, range: nil).body {
        read += chunk.readableBytes
        chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
    }
    let elapsed = ContinuousClock.now - reading
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    guard read == Int(info.size) else { fail("read \(read) of \(info.size) bytes back") }
    line += " get_mib_s=\(String(format: "%.1f", Double(read) / 1_048_576 / seconds))"
    line += " sha256=\(hash.finalize().map { String(format: "%02x", $0) }.joined())"
}
try await store.delete(key)
line += " idle_rss_mib=\(idle >> 20) peak_above_idle_mib=\((statusField("VmHWM") - idle) >> 20)"
print(line)
