import Cleanup
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Storage

// The storage sweep at scale. One `key=value` line per command:
//   CleanupBenchmark generate STORE --database PATH --count N [--orphans M]
//       N attached files, each with its own tiny object, plus M blobs no record names
//   CleanupBenchmark sweep STORE --database PATH     the sweep pass (grace 0): rate, removed, peak memory
//   CleanupBenchmark list STORE                      the same listing with nothing else (the floor)
// STORE is disk (root in DISCORDINATION_BENCH_DISK_ROOT) or s3 (DISCORDINATION_TEST_S3_*, bucket in
// DISCORDINATION_BENCH_BUCKET). Peak memory is the kernel's high-water mark (VmHWM) of the whole process.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("CleanupBenchmark: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func environment(_ name: String) -> String {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { fail("\(name) is not set") }
    return value
}

func peakMiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
}

func makeStore(_ kind: String) async throws -> any BlobStore {
    switch kind {
    case "disk":
        return try DiskBlobStore(root: environment("DISCORDINATION_BENCH_DISK_ROOT"))
    case "s3":
        let configuration = S3Configuration(
            endpoint: URL(string: environment("DISCORDINATION_TEST_S3_ENDPOINT"))!,
            region: environment("DISCORDINATION_TEST_S3_REGION"), bucket: environment("DISCORDINATION_BENCH_BUCKET"),
            accessKey: environment("DISCORDINATION_TEST_S3_ACCESS_KEY"),
            secretKey: environment("DISCORDINATION_TEST_S3_SECRET_KEY"))
        try await S3BucketClient(configuration: configuration).createBucket()
        return S3BlobStore(configuration: configuration)
    default:
        fail("STORE is disk or s3, not \(kind)")
    }
}

var logger = Logger(label: "cleanup-benchmark")
logger.logLevel = .warning

/// A random 24-character key like an upload's.
func uploadKey() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
    return String((0..<24).map { _ in alphabet.randomElement()! })
}

/// Lays `keys` out in a disk store's directory directly: the store's `put` fsyncs every object, which would make
/// generating a million take most of an hour and measures nothing the sweep does.
func writeAll(_ keys: [String], root: String) throws {
    let body = Data("sixteen bytes!!\n".utf8)
    var made: Set<String> = []
    for key in keys {
        let path = root + "/" + (try DiskBlobStore.relativePath(of: key))
        let directory = String(path[..<path.lastIndex(of: "/")!])
        if made.insert(directory).inserted {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // A plain open and write: FileManager.createFile writes atomically (a temporary file and a rename).
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { fail("cannot write \(path)") }
        _ = body.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}

/// Writes `keys` into the store, `concurrency` at a time.
func putAll(_ keys: [String], into store: any BlobStore, concurrency: Int) async throws {
    let body = ByteBuffer(bytes: Array("sixteen bytes!!\n".utf8))
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        func add() {
            let key = keys[next]
            next += 1
            group.addTask { _ = try await store.put(SingleBuffer(body), key: key, contentType: nil) }
        }
        while next < min(concurrency, keys.count) { add() }
        while try await group.next() != nil {
            if next < keys.count { add() }
        }
    }
}

/// Inserts the records and objects straight into the metadata schema, 500 rows per statement, one transaction.
func insertRecords(_ keys: [String], database path: String) async throws {
    let connection = try await SQLiteConnection.open(storage: .file(path: path))
    defer { try? connection.close().wait() }
    _ = try await connection.query("BEGIN")
    let now = Int(Date.now.timeIntervalSince1970 * 1000)
    for start in stride(from: 0, to: keys.count, by: 500) {
        let batch = keys[start..<min(start + 500, keys.count)]
        var objects: [SQLiteData] = []
        var files: [SQLiteData] = []
        for (offset, key) in batch.enumerated() {
            let hash = String(format: "%064x", start + offset)
            objects += [.text(hash), .text(key), .integer(16), .text("text/plain"), .integer(1), .integer(now)]
            files += [
                .text("f\(start + offset)"), .text(hash), .integer(now), .text("Message"), .text("m\(start + offset)"),
            ]
        }
        let objectRows = Array(repeating: "(?, ?, ?, ?, ?, '{}', ?)", count: batch.count).joined(separator: ",")
        _ = try await connection.query(
            "INSERT INTO objects (hash, storage_key, size, content_type, refs, variants, created_at) VALUES \(objectRows)",
            objects)
        let fileRows = Array(
            repeating: "(?, 'attachments', 'f.txt', 'text/plain', 16, ?, ?, ?, ?, '{}')", count: batch.count
        )
        .joined(separator: ",")
        _ = try await connection.query(
            """
            INSERT INTO files (id, tag, filename, content_type, size, hash, uploaded_at, used_for_type, used_for_id, metadata)
            VALUES \(fileRows)
            """, files)
    }
    _ = try await connection.query("COMMIT")
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: CleanupBenchmark generate|sweep|list STORE [options]") }
let store = try await makeStore(arguments[2])
let clock = ContinuousClock()

switch arguments[1] {
case "generate":
    guard let database = option("database"), let count = option("count").flatMap(Int.init) else {
        fail("generate needs --database PATH --count N")
    }
    let orphans = option("orphans").flatMap(Int.init) ?? 0
    try await MetadataStore.withStore(location: .sqlite(path: database), logger: logger) { try await $0.migrate() }
    let keys = (0..<count).map { _ in uploadKey() }
    let started = clock.now
    try await insertRecords(keys, database: database)
    let all = keys + (0..<orphans).map { _ in uploadKey() }
    if arguments[2] == "s3" {
        try await putAll(all, into: store, concurrency: 32)
    } else {
        try writeAll(all, root: environment("DISCORDINATION_BENCH_DISK_ROOT"))
    }
    print("generated=\(count) orphans=\(orphans) seconds=\(started.duration(to: clock.now).components.seconds)")

case "sweep":
    guard let database = option("database") else { fail("sweep needs --database PATH") }
    try await MetadataStore.withStore(location: .sqlite(path: database), logger: logger) { metadata in
        let settings = CleanupSettings(
            danglingAfter: .zero, maxDeletesPerSecond: 0, maxDeletesPerRun: 0, pageSize: 1000)
        let cleaner = Cleaner(metadata: metadata, blobs: store, settings: settings, logger: logger)
        let started = clock.now
        let report = await cleaner.run(passes: [.sweep])
        let seconds =
            Double(started.duration(to: clock.now).components.attoseconds) / 1e18
            + Double(started.duration(to: clock.now).components.seconds)
        let sweep = report.passes[0]
        print(
            "examined=\(sweep.examined) removed=\(sweep.objectsRemoved) missing=\(sweep.objectsMissing)"
                + " errors=\(sweep.errors.count) seconds=\(String(format: "%.1f", seconds))"
                + " rate=\(Int(Double(sweep.examined) / seconds)) peak_mib=\(peakMiB())")
    }

case "list":
    let started = clock.now
    var continuation: String?
    var listed = 0
    repeat {
        let page = try await store.list(prefix: "", continuation: continuation, limit: 1000)
        listed += page.objects.count
        continuation = page.continuation
    } while continuation != nil
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "listed=\(listed) seconds=\(String(format: "%.1f", seconds)) rate=\(Int(Double(listed) / seconds)) peak_mib=\(peakMiB())"
    )

default:
    fail("unknown command \(arguments[1])")
}
