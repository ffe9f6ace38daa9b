import Cleanup
import JobQueue

/// `cleanup`: scheduled cleanup alone, a worker for `cleanup.sweep` only. Every worker registers the job too, so
/// `serve` and `worker` processes fire it on `cleanup.schedule` as well; each slot fires once across every process,
/// and the run holds the cleanup lease, so runs never overlap. Its subcommand also runs one pass now (`--once`).
enum CleanupRole: RoleDefinition {
    static let role = AppRole.cleanup
    static let summary = "Run scheduled cleanup alone, or one cleanup run now (--once)."
    static let works = JobScope.ownRole

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "Cleanup (`cleanup.*`)",
        keys: [
            .init(
                "cleanup.enabled", .boolean, default: "true",
                "Run cleanup on cleanup.schedule from the job workers (once per slot across every process)."),
            .init(
                "cleanup.schedule", .string, default: "@daily", "When scheduled cleanup runs: a cron expression, UTC."),
            .init(
                "cleanup.passes", .list, default: "dangling,deletion,sweep",
                "The passes scheduled runs make: dangling, deletion, sweep (the sweep lists the whole blob store)."),
            .init(
                "cleanup.dangling_after", .duration, default: "1h",
                "Grace period: an unattached upload older than this is marked deleted, and a stored blob no record names is removed only once older than this."
            ),
            .init(
                "cleanup.retention", .duration, default: "30d",
                "How long a deleted file is kept before its record and bytes go (0s: at the next run). Reported files are always kept."
            ),
            .init(
                "cleanup.max_deletes_per_second", .integer(0...1_000_000), default: "200",
                "Deletions per second at most (0: no limit)."),
            .init(
                "cleanup.max_deletes_per_run", .integer(0...1_000_000_000), default: "10000",
                "Deletions per run at most; a run reaching it stops and fails, as a guard against a database that makes everything look orphaned (0: no cap)."
            ),
            .init("cleanup.dry_run", .boolean, default: "false", "Scheduled runs only report what they would do."),
            .init(
                "cleanup.lease_ttl", .duration, default: "60s",
                "The lease that keeps runs from overlapping is renewed while a run lasts; a run that died keeps others out this long."
            ),
        ])

    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        let cleanup = configuration.cleanup
        let cleaner = Cleaner(
            metadata: parts.metadata, blobs: parts.blobs, settings: cleanup.settings, logger: parts.logger)
        CleanupJobs.register(
            in: &jobs.registry, cleaner: cleaner, passes: cleanup.passes,
            lease: CleanupLease(redis: parts.redis, namespace: configuration.jobsNamespace, ttl: cleanup.leaseTTL),
            timeout: .seconds(24 * 3600)
        )
        if cleanup.enabled {
            jobs.recurring.append(try CleanupJobs.recurring(schedule: cleanup.schedule))
        }
    }
}
