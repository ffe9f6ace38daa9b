import JobQueue
import RedisClient

/// A test job that leaves a trace in Redis: each run appends "consumer attempt" to `fixtures:TOKEN:runs`, each
/// success appends the consumer to `fixtures:TOKEN:done`. It can sleep (honouring cancellation) and fail its first
/// attempts on purpose.
public struct RecordJob: JobParameters, Equatable {
    public static let jobName = "test.record"
    public static let queue: QueueName = "test"

    public var token: String
    public var sleepMilliseconds: Int
    public var failTimes: Int
    public var output: String

    public init(token: String, sleepMilliseconds: Int = 0, failTimes: Int = 0, output: String = "") {
        self.token = token
        self.sleepMilliseconds = sleepMilliseconds
        self.failTimes = failTimes
        self.output = output
    }

    public static func runsKey(_ token: String) -> String { "fixtures:\(token):runs" }
    public static func doneKey(_ token: String) -> String { "fixtures:\(token):done" }
}

public struct RecordOutput: Codable, Sendable, Equatable {
    public var consumer: String
    public var attempt: Int
    public var output: String

    public init(consumer: String, attempt: Int, output: String) {
        self.consumer = consumer
        self.attempt = attempt
        self.output = output
    }
}

/// A failure the test asked for.
public struct PlannedFailure: Error, CustomStringConvertible {
    public var attempt: Int
    public var description: String { "planned failure on attempt \(attempt)" }
}

/// A recurring test job: each firing appends the slot it fired for to `fixtures:TOKEN:ticks`.
public struct TickJob: JobParameters {
    public static let jobName = "test.tick"
    public static let queue: QueueName = "test"

    public var token: String

    public init(token: String) { self.token = token }

    public static func ticksKey(_ token: String) -> String { "fixtures:\(token):ticks" }
}

public enum Fixtures {
    /// The handlers of the test jobs, as both the in-process tests and `JobQueueTestWorker` register them.
    public static func registry(
        redis: RedisClient,
        consumer: String,
        retry: RetryStrategy = RetryStrategy(maxAttempts: 3, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
        timeout: Duration = .seconds(30)
    ) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(RecordJob.self, retry: retry, timeout: timeout) { job, context in
            try await redis.send("RPUSH", RecordJob.runsKey(job.token), "\(consumer) \(context.attempt)")
            if job.sleepMilliseconds > 0 { try await Task.sleep(for: .milliseconds(job.sleepMilliseconds)) }
            if context.attempt <= job.failTimes { throw PlannedFailure(attempt: context.attempt) }
            try await redis.send("RPUSH", RecordJob.doneKey(job.token), consumer)
            return RecordOutput(consumer: consumer, attempt: context.attempt, output: job.output)
        }
        registry.register(TickJob.self, retry: .never) { job, context in
            try await redis.send("RPUSH", TickJob.ticksKey(job.token), String(context.scheduledFor ?? -1))
            return NoOutput()
        }
        return registry
    }
}
