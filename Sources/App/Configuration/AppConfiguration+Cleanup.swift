import Cleanup
import JobQueue

/// Scheduled cleanup as the `cleanup.*` keys set it.
public struct CleanupConfiguration: Sendable {
    public var enabled: Bool
    public var schedule: CronSchedule
    public var passes: Set<CleanupPass>
    public var settings: CleanupSettings
    public var leaseTTL: Duration
}

extension AppConfiguration {
    static func cleanupConfiguration(
        _ resolved: ResolvedConfiguration, proxyMediaTTL: Duration
    ) throws(ConfigurationError) -> CleanupConfiguration {
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(try resolved["cleanup.schedule"])
        } catch {
            throw .inconsistent(key: "cleanup.schedule", reason: "\(error)")
        }
        var passes: Set<CleanupPass> = []
        for name in try resolved.list("cleanup.passes") {
            guard let pass = CleanupPass(rawValue: name.lowercased()) else {
                throw .inconsistent(key: "cleanup.passes", reason: "\(name) is not dangling, deletion or sweep")
            }
            passes.insert(pass)
        }
        let settings = CleanupSettings(
            danglingAfter: try resolved.duration("cleanup.dangling_after"),
            retention: try resolved.duration("cleanup.retention"),
            maxDeletesPerSecond: try resolved.int("cleanup.max_deletes_per_second"),
            maxDeletesPerRun: try resolved.int("cleanup.max_deletes_per_run"),
            proxyMediaTTL: proxyMediaTTL,
            dryRun: try resolved.bool("cleanup.dry_run")
        )
        let leaseTTL = try resolved.duration("cleanup.lease_ttl")
        guard leaseTTL >= .seconds(1) else {
            throw .inconsistent(
                key: "cleanup.lease_ttl", reason: "must be at least 1s (it is renewed every third of it)")
        }
        return CleanupConfiguration(
            enabled: try resolved.bool("cleanup.enabled"), schedule: schedule, passes: passes, settings: settings,
            leaseTTL: leaseTTL)
    }
}
