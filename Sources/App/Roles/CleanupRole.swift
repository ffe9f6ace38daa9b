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
        title: "Cleanup (`cleanup.*`)", keys: ConfigurationKeys.cleanup)

    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        let cleanup = configuration.cleanup
        let cleaner = Cleaner(
            metadata: parts.metadata, blobs: parts.blobs, settings: cleanup.settings, logger: parts.logger)
        CleanupJobs.register(
            in: &jobs.registry, cleaner: cleaner, passes: cleanup.passes,
            lease: CleanupLease(redis: parts.redis, namespace: configuration.redisKeyPrefix, ttl: cleanup.leaseTTL),
            timeout: .seconds(24 * 3600)
        )
        if cleanup.enabled {
            jobs.recurring.append(try CleanupJobs.recurring(schedule: cleanup.schedule))
        }
    }
}
