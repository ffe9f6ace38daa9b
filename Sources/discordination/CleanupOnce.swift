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

    func run(
        _ cleaner: Cleaner, passes: Set<CleanupPass>, progress: @escaping @Sendable (CleanupProgress) -> Void
    ) async throws -> CleanupReport {
        let redis = configuration.makeRedisClient(logger: logger)
        do {
            try await redis.ping()
        } catch {
            await redis.shutDown()
            logger.warning(
                "Redis is unreachable; running without the cleanup lease",
                metadata: ["redis": "\(configuration.redisEndpoint)", "error": "\(error)"])
            return await cleaner.run(passes: passes, progress: progress)
        }
        let lease = CleanupLease(
            redis: redis, namespace: configuration.redisKeyPrefix, ttl: configuration.cleanup.leaseTTL)
        do {
            let report = try await lease.run(cleaner, passes: passes, progress: progress)
            await redis.shutDown()
            return report
        } catch {
            await redis.shutDown()
            throw error
        }
    }
}
