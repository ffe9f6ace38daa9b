#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a worker process runs its queues.
public struct JobWorkerConfiguration: Sendable {
    /// Jobs in flight per queue in this process.
    public var concurrency: Int
    /// A job pending this long without a heartbeat belongs to a dead worker and is claimed by another.
    public var visibilityTimeout: Duration
    /// On SIGTERM, how long running jobs may take to finish before they are handed back to the queue.
    public var shutdownGrace: Duration
    /// Deliveries after which an entry that keeps killing or losing its worker is dead-lettered.
    public var maxDeliveries: Int
    /// Write completions and failures to the events stream.
    public var publishEvents: Bool
    public var eventsMaxLength: Int
    public var deadMaxLength: Int
    /// How long one blocking read waits for new entries.
    public var readBlock: Duration
    /// How often the lease holder promotes due jobs and checks recurring schedules.
    public var schedulerTick: Duration
    public var leaseTTL: Duration
    /// How often the lease holder trims acknowledged entries off the streams.
    public var trimInterval: Duration
    /// Consumers idle this long with nothing pending (processes that are gone) are removed from the groups.
    public var consumerPruneAfter: Duration
    /// How often queue-depth gauges are refreshed.
    public var statsInterval: Duration
    /// This process's consumer name in the groups; unique per process.
    public var consumerName: String

    public init(
        concurrency: Int = 16,
        visibilityTimeout: Duration = .seconds(30),
        shutdownGrace: Duration = .seconds(25),
        maxDeliveries: Int = 5,
        publishEvents: Bool = true,
        eventsMaxLength: Int = 100_000,
        deadMaxLength: Int = 100_000,
        readBlock: Duration = .seconds(2),
        schedulerTick: Duration = .milliseconds(100),
        leaseTTL: Duration = .seconds(3),
        trimInterval: Duration = .seconds(5),
        consumerPruneAfter: Duration = .seconds(3600),
        statsInterval: Duration = .seconds(10),
        consumerName: String = JobWorkerConfiguration.defaultConsumerName()
    ) {
        precondition(concurrency >= 1 && maxDeliveries >= 1)
        self.concurrency = concurrency
        self.visibilityTimeout = visibilityTimeout
        self.shutdownGrace = shutdownGrace
        self.maxDeliveries = maxDeliveries
        self.publishEvents = publishEvents
        self.eventsMaxLength = eventsMaxLength
        self.deadMaxLength = deadMaxLength
        self.readBlock = readBlock
        self.schedulerTick = schedulerTick
        self.leaseTTL = leaseTTL
        self.trimInterval = trimInterval
        self.consumerPruneAfter = consumerPruneAfter
        self.statsInterval = statsInterval
        self.consumerName = consumerName
    }

    /// `host-pid-random`: readable in `XINFO CONSUMERS`, never shared by two processes.
    public static func defaultConsumerName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "host"
        return "\(host)-\(getpid())-\(JobID().rawValue.prefix(6))"
    }
}
