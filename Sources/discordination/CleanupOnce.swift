import App
import Cleanup
import Logging
import RedisClient

/// One `cleanup --once` run under the cleanup lease, so it never overlaps a scheduled run or another cron
/// entry. When Redis cannot be reached (no service is running on this machine to share it), nothing else can be
/// running a scheduled cleanup either, and the run goes ahead without the lease.
struct CleanupOnce {
    let configuration: AppConfiguration
    let logger: Logger

    func run(_ body: () async -> CleanupReport) async throws -> CleanupReport {
        let redis = configuration.makeRedisClient(logger: logger)
        defer { Task { await redis.shutDown() } }
        do {
            try await redis.ping()
        } catch {
            logger.warning(
                "Redis is unreachable; running without the cleanup lease",
                metadata: ["redis": "\(configuration.redisEndpoint)", "error": "\(error)"])
            return await body()
        }
        let lease = CleanupLease(
            redis: redis, namespace: configuration.jobsNamespace, ttl: configuration.cleanup.leaseTTL)
        if let report = try await lease.withLease({ await body() }) { return report }
        logger.notice("cleanup skipped: another run holds the lease")
        var skipped = CleanupReport(dryRun: configuration.cleanup.settings.dryRun)
        skipped.skipped = true
        return skipped
    }
}
