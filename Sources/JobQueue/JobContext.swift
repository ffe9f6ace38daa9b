import Logging

/// What a handler knows about the run it is in.
public struct JobContext: Sendable {
    public var id: JobID
    public var name: String
    public var queue: QueueName
    /// 1 for the first run.
    public var attempt: Int
    public var maxAttempts: Int
    /// When the job was first enqueued, in microseconds since 1970.
    public var queuedAt: Int64
    /// For a recurring job, the schedule slot it fired for (milliseconds since 1970).
    public var scheduledFor: Int64?
    /// The error of the previous attempt, on a retry.
    public var lastError: String?
    /// The worker's logger, which `logger` adds this job's metadata to.
    let workerLogger: Logger
    /// Whether the job was enqueued with `keepResult`, so its output must be encoded and stored.
    let keepsResult: Bool

    /// Carries the job id and name as metadata. Made when asked for: most runs never log, and setting metadata
    /// on a logger costs more than a no-op job.
    public var logger: Logger {
        var logger = workerLogger
        logger[metadataKey: "job"] = "\(id)"
        logger[metadataKey: "job_name"] = "\(name)"
        return logger
    }
}
