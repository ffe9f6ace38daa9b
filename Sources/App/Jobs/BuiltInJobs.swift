import JobQueue

/// The queue's own jobs, run by every worker: the probe `discordination queue ping` sends.
public enum BuiltInJobs {
    public static func register(in registry: inout JobRegistry, consumer: String) {
        registry.register(QueueProbe.self, retry: .never, timeout: .seconds(5)) { _, context in
            QueueProbeReport(worker: consumer, waitedMicroseconds: WallClock.nowMicroseconds() - context.queuedAt)
        }
    }
}
