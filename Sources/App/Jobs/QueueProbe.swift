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
