import Foundation
import JobQueue
import JobQueueFixtures
import RedisClient
import TestSupport
import Testing

/// A redis-server of the test's own, with AOF `everysec`, restarted under a working queue.
@Suite struct RedisRestartJobTests {
    @Test func everyEnqueuedJobCompletesAfterARestart() async throws {
        let port = TestEndpoints.freePort()
        let directory = TestEndpoints.temporaryDirectory("jobrestart")
        var server = try TestRedisServer(port: port, directory: directory, appendOnly: true)
        let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: server.url)))
        let jobs = JobQueue(redis: redis, namespace: "restart", logger: JobQueueHarness.logger)
        try await eventually("the server answers") { (try? await redis.ping()) != nil }

        let worker = try WorkerProcess(namespace: "restart", redisURL: server.url, concurrency: 2)
        _ = try await worker.waitUntilReady()
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
        server = try TestRedisServer(port: port, directory: directory, appendOnly: true)

        try await eventually("every job done after the restart", timeout: .seconds(30)) {
            (try? await done()) == 200
        }
        worker.kill(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 0)
        try await server.stop()
        await redis.shutDown()
    }
}
