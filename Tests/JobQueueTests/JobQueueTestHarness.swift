import Foundation
import JobQueue
import JobQueueFixtures
import Logging
import RedisClient
import ServiceLifecycle
import TestSupport
import Testing

/// Shared set-up: a client on the test Redis, a namespace of its own per test, a worker run in-process for the
/// length of a closure, and polling for conditions that become true asynchronously.
struct JobQueueHarness {
    let redis: RedisClient
    let jobs: JobQueue
    let namespace: String

    init() throws {
        redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        namespace = "t-\(UUID().uuidString.prefix(8).lowercased())"
        jobs = JobQueue(redis: redis, namespace: namespace, logger: Self.logger)
    }

    static let logger: Logger = {
        var logger = Logger(label: "jobqueue-tests")
        logger.logLevel = .notice
        return logger
    }()

    func workerConfiguration(
        concurrency: Int = 4,
        visibilityTimeout: Duration = .seconds(30),
        shutdownGrace: Duration = .seconds(5),
        trimInterval: Duration = .seconds(5)
    ) -> JobWorkerConfiguration {
        JobWorkerConfiguration(
            concurrency: concurrency, visibilityTimeout: visibilityTimeout, shutdownGrace: shutdownGrace,
            readBlock: .milliseconds(500), schedulerTick: .milliseconds(50), trimInterval: trimInterval,
            statsInterval: .seconds(1))
    }

    /// Runs a worker with the fixture jobs while `body` runs, then shuts it down gracefully.
    func withWorker<T: Sendable>(
        configuration: JobWorkerConfiguration? = nil,
        registry: JobRegistry? = nil,
        recurring: [RecurringJob] = [],
        _ body: () async throws -> T
    ) async throws -> T {
        let configuration = configuration ?? workerConfiguration()
        let worker = JobWorker(
            jobs: jobs,
            registry: registry ?? Fixtures.registry(redis: redis, consumer: configuration.consumerName),
            recurring: recurring, configuration: configuration, logger: Self.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: worker)], logger: Self.logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    func list(_ key: String) async throws -> [String] {
        try await redis.send("LRANGE", key, 0, -1).array?.compactMap(\.string) ?? []
    }

    func events() async throws -> [JobEvent] {
        try await redis.xrange(jobs.keys.events).compactMap(JobEvent.init)
    }

    func shutDown() async {
        await redis.shutDown()
    }
}

/// Polls `condition` until it holds or `timeout` passes; records a failure naming `what` when it never holds. The
/// default is generous: in `make test`'s first phase both cores can be busy for seconds at a time.
@discardableResult
func eventually(
    _ what: String,
    timeout: Duration = .seconds(30),
    every interval: Duration = .milliseconds(25),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    let last = try await condition()
    #expect(last, "timed out waiting for: \(what)")
    return last
}
