import JobQueue

/// The scheduled cleanup: `cleanup.sweep` on the maintenance queue, fired by the queue's cron (each slot once
/// across every worker), run under the cleanup lease so two runs never overlap.
public struct CleanupSweep: JobParameters {
    public static let jobName = "cleanup.sweep"
    public static let queue: QueueName = .maintenance

    public init() {}
}

public enum CleanupJobs {
    /// Registers `cleanup.sweep`. A slot whose run finds the lease held is skipped, not retried: the next slot
    /// comes soon enough, and a retry could only pile up behind the long run.
    public static func register(
        in registry: inout JobRegistry, cleaner: Cleaner, passes: Set<CleanupPass>, lease: CleanupLease,
        timeout: Duration
    ) {
        registry.register(CleanupSweep.self, retry: .never, timeout: timeout) { _, _ in
            try await lease.run(cleaner, passes: passes)
        }
    }

    /// The recurring job for `schedule` (a cron expression, UTC).
    public static func recurring(schedule: CronSchedule) throws -> RecurringJob {
        try RecurringJob("cleanup", schedule: schedule, parameters: CleanupSweep())
    }
}
