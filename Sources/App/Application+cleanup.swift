import Cleanup
import JobQueue
import Logging
import RedisClient
import Storage

/// Registers `cleanup.sweep` in a worker's registry and, when `cleanup.enabled`, its schedule. Each slot fires
/// once across every worker process, and the run holds the cleanup lease, so runs never overlap.
func registerCleanup(
    in registry: inout JobRegistry,
    recurring: inout [RecurringJob],
    _ configuration: AppConfiguration,
    metadata: MetadataStore,
    blobs: any BlobStore,
    redis: RedisClient,
    logger: Logger
) throws {
    let cleanup = configuration.cleanup
    let cleaner = Cleaner(metadata: metadata, blobs: blobs, settings: cleanup.settings, logger: logger)
    CleanupJobs.register(
        in: &registry, cleaner: cleaner, passes: cleanup.passes,
        lease: CleanupLease(redis: redis, namespace: configuration.jobsNamespace, ttl: cleanup.leaseTTL),
        timeout: .seconds(24 * 3600)
    )
    if cleanup.enabled {
        recurring.append(try CleanupJobs.recurring(schedule: cleanup.schedule))
    }
}
