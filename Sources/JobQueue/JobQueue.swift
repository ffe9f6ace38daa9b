import Foundation
import Logging
import RedisClient

/// The queue as its callers see it: enqueue jobs, await their results, inspect and repair the queues. Workers
/// (`JobWorker`) run what is enqueued here, in this process or any other sharing the Redis server.
public struct JobQueue: Sendable {
    public let redis: RedisClient
    public let keys: JobQueueKeys
    let logger: Logger

    public init(redis: RedisClient, namespace: String = "dcn", logger: Logger = Logger(label: "jobs")) {
        self.redis = redis
        self.keys = JobQueueKeys(namespace: namespace)
        self.logger = logger
    }

    /// Queues one job and returns its id once Redis holds it. With an idempotency key that is already taken, it
    /// queues nothing and returns the id of the job holding the key.
    @discardableResult
    public func enqueue<Parameters: JobParameters>(
        _ parameters: Parameters,
        options: JobOptions = JobOptions()
    ) async throws -> JobID {
        let job = try QueuedJob(parameters, options: options)
        let queue = Parameters.queue
        let id: JobID
        if let key = options.idempotencyKey {
            let reply = try await redis.run(
                JobQueueScripts.enqueueUnique,
                keys: [keys.unique(key), keys.stream(queue), keys.delayed(queue)],
                arguments: [
                    job.header.id.rawValue, max(options.uniqueFor.wholeMilliseconds, 1), job.headerText,
                    job.parameters, job.dueMilliseconds.map(String.init) ?? "",
                ]
            )
            id = JobID(rawValue: reply.string ?? job.header.id.rawValue)
        } else {
            _ = try await redis.send(job.command(keys: keys, queue: queue))
            id = job.header.id
        }
        JobMetrics.enqueued(queue: queue, job: Parameters.jobName)
        return id
    }

    /// Queues many jobs of one kind in a single round trip (no idempotency keys); returns their ids in order.
    @discardableResult
    public func enqueue<Parameters: JobParameters>(
        batch: [Parameters],
        options: JobOptions = JobOptions()
    ) async throws -> [JobID] {
        precondition(options.idempotencyKey == nil, "a batch cannot share one idempotency key")
        let jobs = try batch.map { try QueuedJob($0, options: options) }
        let replies = try await redis.pipeline(jobs.map { $0.command(keys: keys, queue: Parameters.queue) })
        for reply in replies {
            if case .failure(let error) = reply { throw error }
        }
        JobMetrics.enqueued(queue: Parameters.queue, job: Parameters.jobName, count: jobs.count)
        return jobs.map(\.header.id)
    }
}

/// One job ready to be written: its header, its encoded parameters and when it is due.
struct QueuedJob {
    /// Shared by every enqueue (safe to use from many tasks at once).
    private static let encoder = JSONEncoder()

    var header: JobHeader
    var headerText: String
    var parameters: [UInt8]
    var dueMilliseconds: Int64?

    init<Parameters: JobParameters>(_ parameters: Parameters, options: JobOptions) throws {
        let now = WallClock.nowMicroseconds()
        if let at = options.runAtMilliseconds {
            dueMilliseconds = at
        } else if let delay = options.delay, delay > .zero {
            dueMilliseconds = now / 1000 + Int64(delay.wholeMilliseconds)
        }
        header = JobHeader(
            id: JobID(),
            name: Parameters.jobName,
            queuedAt: now,
            idempotencyKey: options.idempotencyKey,
            resultTTLMilliseconds: options.keepResult.map { Int(max($0.wholeMilliseconds, 1)) },
            dueAt: dueMilliseconds
        )
        headerText = header.encoded
        self.parameters = Array(try Self.encoder.encode(parameters))
    }

    func command(keys: JobQueueKeys, queue: QueueName) -> RedisCommand {
        if let dueMilliseconds {
            return RedisCommand(
                "ZADD", keys.delayed(queue), dueMilliseconds, Array(headerText.utf8) + [0x0A] + parameters)
        }
        return RedisClient.xaddCommand(keys.stream(queue), fields: [("h", headerText), ("p", parameters)])
    }
}
