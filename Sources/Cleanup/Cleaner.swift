import Foundation
import Logging
import RedisClient
import Storage

/// Runs cleanup passes against one metadata store and one blob store, within one deletion budget.
public struct Cleaner: Sendable {
    public let metadata: MetadataStore
    public let blobs: any BlobStore
    public let settings: CleanupSettings
    let logger: Logger

    public init(metadata: MetadataStore, blobs: any BlobStore, settings: CleanupSettings, logger: Logger) {
        self.metadata = metadata
        self.blobs = blobs
        self.settings = settings
        self.logger = logger
    }

    /// Runs `passes` in the order dangling, deletion, sweep. A pass that fails is reported and the next still runs;
    /// reaching the deletion cap stops the run. Ends with one summary log line.
    public func run(
        passes: Set<CleanupPass> = Set(CleanupPass.allCases),
        progress: @escaping @Sendable (CleanupProgress) -> Void = { _ in }
    ) async -> CleanupReport {
        let clock = ContinuousClock()
        let started = clock.now
        let context = CleanupRun(
            metadata: metadata, blobs: blobs, settings: settings,
            budget: DeletionBudget(perSecond: settings.maxDeletesPerSecond, cap: settings.maxDeletesPerRun),
            logger: logger, progress: progress
        )
        var report = CleanupReport(dryRun: settings.dryRun)
        for pass in CleanupPass.allCases where passes.contains(pass) {
            let passStarted = clock.now
            var passReport = PassReport(pass: pass)
            do {
                switch pass {
                case .dangling: try await DanglingPass(run: context).execute(&passReport)
                case .deletion: try await DeletionPass(run: context).execute(&passReport)
                case .sweep: try await StorageSweep(run: context).execute(&passReport)
                }
            } catch {
                passReport.errors.append("\(pass.rawValue) pass stopped: \(error)")
            }
            passReport.durationMs = passStarted.duration(to: clock.now).wholeMilliseconds
            report.passes.append(passReport)
            if await context.budget.exhausted {
                report.capped = true
                logger.error(
                    "cleanup stopped at the deletion cap; check the database before raising cleanup.max_deletes_per_run",
                    metadata: ["cap": "\(settings.maxDeletesPerRun)"])
                break
            }
        }
        report.durationMs = started.duration(to: clock.now).wholeMilliseconds
        logger.log(level: report.succeeded ? .notice : .error, "cleanup finished", metadata: Self.summary(report))
        return report
    }

    static func summary(_ report: CleanupReport) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "dry_run": "\(report.dryRun)", "capped": "\(report.capped)", "duration_ms": "\(report.durationMs)",
            "bytes_freed": "\(report.bytesFreed)", "errors": "\(report.errors.count)",
        ]
        for pass in report.passes {
            let prefix = pass.pass.rawValue
            metadata["\(prefix)_examined"] = "\(pass.examined)"
            switch pass.pass {
            case .dangling:
                metadata["\(prefix)_marked"] = "\(pass.filesMarked)"
            case .deletion:
                metadata["\(prefix)_files"] = "\(pass.filesRemoved)"
                metadata["\(prefix)_objects"] = "\(pass.objectsRemoved)"
            case .sweep:
                metadata["\(prefix)_blobs"] = "\(pass.objectsRemoved)"
                metadata["\(prefix)_proxy_media"] = "\(pass.proxyMediaRemoved)"
                metadata["\(prefix)_missing"] = "\(pass.objectsMissing)"
            }
        }
        return metadata
    }
}
