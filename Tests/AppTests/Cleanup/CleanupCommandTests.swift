import Cleanup
import Foundation
import Logging
import NIOCore
import RedisClient
import TestSupport
import Testing

@testable import App
@testable import Storage

/// `discordination cleanup --once`, run as cron runs it, against a data directory (SQLite and disk) the test fills
/// the way uploads do, with the real Redis for the lease.
@Suite(.serialized) struct CleanupCommandTests {
    struct DataDirectory {
        let path: String
        let namespace = "cleanup-cli-\(UUID().uuidString.prefix(8))"

        var flags: [String] {
            [
                "--set", "storage.data_dir=\(path)", "--set", "redis.url=\(TestEndpoints.redisURL)",
                "--set", "jobs.namespace=\(namespace)", "--set", "redis.key_prefix=\(namespace)",
            ]
        }

        func configuration() throws -> AppConfiguration {
            try AppConfiguration.testing(["storage.data_dir": path])
        }

        /// Runs `body` with the directory's metadata store (migrated) and blob store open.
        func withStores<Result: Sendable>(
            _ body: (MetadataStore, any BlobStore) async throws -> Result
        ) async throws
            -> Result
        {
            let configuration = try configuration()
            let blobs = try configuration.blobStore.openStore(logger: CleanupFixtureLog.logger)
            return try await MetadataStore.withStore(location: configuration.database, logger: CleanupFixtureLog.logger)
            {
                store in
                try await store.migrate()
                return try await body(store, blobs)
            }
        }

        /// `count` uploads made two hours ago and never attached.
        func addDanglingUploads(_ count: Int, seed: Int = 0) async throws {
            try await withStores { metadata, blobs in
                for index in 0..<count {
                    let bytes = Array("upload \(seed)-\(index)".utf8)
                    let key = "k\(UUID().uuidString.prefix(8))\(index)"
                    _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: key, contentType: nil)
                    let hash = "\(seed)-\(index)".utf8.map { String(format: "%02x", $0) }.joined()
                    _ = try await metadata.createFile(
                        FileRecord(
                            id: "f\(seed)x\(index)", tag: "attachments", filename: "a.txt", contentType: "text/plain",
                            size: Int64(bytes.count), hash: hash, uploadedAt: .now.addingTimeInterval(-7200)),
                        object: StoredObject(
                            hash: hash, storageKey: key, size: Int64(bytes.count), contentType: "text/plain"))
                }
            }
        }

        func counts() async throws -> (files: Int, deleted: Int, blobs: Int) {
            try await withStores { metadata, blobs in
                let files = try await metadata.database.withConnection { connection in
                    try await connection.raw("SELECT * FROM files").all().map(FileRecord.init(row:))
                }
                let page = try await blobs.list(prefix: "", continuation: nil, limit: 10_000)
                return (files.count, files.filter(\.deleted).count, page.objects.count)
            }
        }
    }

    func run(_ arguments: [String]) async throws -> ToolRun {
        try await ToolRun.run(TestEndpoints.builtProduct("discordination").path, ["cleanup"] + arguments)
    }

    func report(_ run: ToolRun) throws -> CleanupReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(CleanupReport.self, from: run.output)
    }

    @Test func dryRunThenCapThenAFullRun() async throws {
        let data = DataDirectory(path: TestEndpoints.temporaryDirectory("cleanup-cli"))
        try await data.addDanglingUploads(5)

        let dry = try await run(["--once", "--dry-run", "--json"] + data.flags)
        #expect(dry.status == 0, "\(dry.errorText)")
        let dryReport = try report(dry)
        #expect(dryReport.dryRun && dryReport.passes.first?.filesMarked == 5)
        #expect(try await data.counts() == (5, 0, 5), "a dry run changes nothing")

        let capped = try await run(["--once", "--json", "--set", "cleanup.max_deletes_per_run=2"] + data.flags)
        #expect(capped.status == 2, "stopped at the cap: \(capped.errorText)")
        #expect(try report(capped).capped)
        #expect(try await data.counts() == (5, 2, 5))

        let full = try await run(
            ["--once", "--json", "--set", "cleanup.retention=0s", "--set", "cleanup.dangling_after=0s"] + data.flags)
        #expect(full.status == 0, "\(full.errorText)")
        let fullReport = try report(full)
        #expect(fullReport.passes.map(\.pass) == [.dangling, .deletion, .sweep])
        #expect(fullReport.passes[1].filesRemoved == 5 && fullReport.passes[1].objectsRemoved == 5)
        #expect(try await data.counts() == (0, 0, 0))
        #expect(full.errorText.contains("cleanup finished"), "one summary log line: \(full.errorText)")
    }

    @Test func aRunFindingTheLeaseHeldExitsThree() async throws {
        let data = DataDirectory(path: TestEndpoints.temporaryDirectory("cleanup-cli"))
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        _ = try await redis.send("SET", "\(data.namespace):cleanup:lease", "another-run", "PX", 30_000)
        let held = try await run(["--once", "--json", "--pass", "dangling"] + data.flags)
        #expect(held.status == 3, "\(held.errorText)")
        #expect(try report(held).skipped)
        _ = try await redis.send("DEL", "\(data.namespace):cleanup:lease")
        let free = try await run(["--once", "--json", "--pass", "dangling"] + data.flags)
        #expect(free.status == 0, "\(free.errorText)")
        #expect(try report(free).passes.map(\.pass) == [.dangling])
        await redis.shutDown()
    }

    /// A run killed mid-pass (SIGKILL, as an OOM killer or a node drain would) and started again finishes the job:
    /// every record is removed once, and nothing of them is left in the store.
    @Test func aKilledRunIsFinishedByTheNext() async throws {
        let data = DataDirectory(path: TestEndpoints.temporaryDirectory("cleanup-cli"))
        try await data.addDanglingUploads(40, seed: 1)
        let flags =
            data.flags + [
                "--set", "cleanup.retention=0s", "--set", "cleanup.dangling_after=0s", "--set", "cleanup.lease_ttl=2s",
            ]

        let process = Process()
        process.executableURL = TestEndpoints.builtProduct("discordination")
        process.arguments = ["cleanup", "--once", "--set", "cleanup.max_deletes_per_second=10"] + flags
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .seconds(5))
        kill(process.processIdentifier, SIGKILL)
        try await offCooperativePool { process.waitUntilExit() }
        let between = try await data.counts()
        #expect(between.files < 40 || between.deleted > 0, "the killed run had started: \(between)")
        #expect(between.files > 0, "and was killed before it finished: \(between)")

        // The killed run's lease keeps others out until it expires (cleanup.lease_ttl, 2 s here).
        let blocked = try await run(["--once", "--json"] + flags)
        #expect(blocked.status == 3, "\(blocked.errorText)")
        try await Task.sleep(for: .milliseconds(2200))
        let next = try await run(["--once", "--json"] + flags)
        #expect(next.status == 0, "\(next.errorText)")
        #expect(try await data.counts() == (0, 0, 0))
    }
}

enum CleanupFixtureLog {
    static let logger: Logger = {
        var logger = Logger(label: "cleanup-command-tests")
        logger.logLevel = .warning
        return logger
    }()
}
