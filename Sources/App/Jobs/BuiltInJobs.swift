import JobQueue

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
