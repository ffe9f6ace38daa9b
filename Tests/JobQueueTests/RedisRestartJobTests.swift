import Foundation
import JobQueue
import JobQueueFixtures
import RedisClient
import TestSupport
import Testing

/// A redis-server of the test's own, with AOF `everysec`, restarted under a working queue.
@Suite struct RedisRestartJobTests {
    final class Server: Sendable {
        let port: Int
        let directory: String
        let process: Process

        init(port: Int, directory: String) throws {
            self.port = port
            self.directory = directory
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
            process.arguments = [
                "--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory, "--save", "",
                "--appendonly", "yes", "--appendfsync", "everysec",
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        var url: String { "redis://127.0.0.1:\(port)/0" }

        /// `SHUTDOWN` over its own connection: Redis writes and syncs its AOF, then exits.
        func stop() async throws {
            let connection = try await RedisConnection.connect(
                to: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)))
            _ = try? await connection.send(RedisCommand("SHUTDOWN"), timeout: .seconds(5))
            await connection.close()
            process.waitUntilExit()
        }
    }

    @Test func everyEnqueuedJobCompletesAfterARestart() async throws {
        let port = TestEndpoints.freePort()
        let directory = TestEndpoints.temporaryDirectory("jobrestart")
        var server = try Server(port: port, directory: directory)
        let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: server.url)))
        let jobs = JobQueue(redis: redis, namespace: "restart", logger: JobQueueHarness.logger)
        try await eventually("the server answers") { (try? await redis.ping()) != nil }

        let worker = try WorkerProcess(namespace: "restart", redisURL: server.url, concurrency: 2)
        _ = try worker.waitUntilReady()
        let tokens = (0..<200).map { _ in UUID().uuidString }
        let ids = try await jobs.enqueue(batch: tokens.map { RecordJob(token: $0, sleepMilliseconds: 10) })
        #expect(ids.count == 200)
        func done() async throws -> Int {
            let replies = try await redis.pipeline(tokens.map { RedisCommand("LLEN", RecordJob.doneKey($0)) })
            return replies.filter { ((try? $0.get().int) ?? 0) >= 1 }.count
        }
        try await eventually("some jobs done before the restart") { try await done() >= 20 }
        try await server.stop()
        try await Task.sleep(for: .milliseconds(300))
        server = try Server(port: port, directory: directory)

        try await eventually("every job done after the restart", timeout: .seconds(30)) {
            (try? await done()) == 200
        }
        worker.kill(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 0)
        try await server.stop()
        await redis.shutDown()
    }
}
