import JobQueue

/// A job that does nothing but report who ran it and how long it waited: `discordination queue ping` sends one
/// through the running service to check the queue end to end.
public struct QueueProbe: JobParameters {
    public static let jobName = "queue.probe"
    public static let queue: QueueName = .maintenance

    public init() {}
}

public struct QueueProbeReport: Codable, Sendable {
    /// The consumer (host-pid-random) of the worker that ran it.
    public var worker: String
    /// From enqueue to start, in microseconds.
    public var waitedMicroseconds: Int64
}

/// The jobs every `serve` process runs. Roles add theirs here as they arrive (media, embeds, GIFs, cleanup).
public enum BuiltInJobs {
    public static func registry(consumer: String) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(QueueProbe.self, retry: .never, timeout: .seconds(5)) { _, context in
            QueueProbeReport(worker: consumer, waitedMicroseconds: WallClock.nowMicroseconds() - context.queuedAt)
        }
        return registry
    }
}
