import App
import ArgumentParser
import Cleanup
import Foundation
import Logging
import RedisClient
import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// `discordination cleanup`: without `--once`, the scheduled role (a worker that fires `cleanup.sweep` on
/// `cleanup.schedule`); with `--once`, one run now, for cron and for operators.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove orphaned files: once (--once, for cron), or on cleanup.schedule until stopped.",
        discussion: """
            Exit status with --once: 0 done, 1 a pass failed, 2 stopped at cleanup.max_deletes_per_run, \
            3 another run holds the cleanup lease.
            """
    )

    @OptionGroup var options: ConfigurationOptions

    @Flag(help: "Run the passes once now, then exit.") var once = false
    @Flag(help: "Report what would be removed; change nothing.") var dryRun = false
    @Option(help: "Run only this pass: dangling, deletion or sweep (repeatable; default all).")
    var pass: [CleanupPass] = []
    @Flag(help: "Print the report as JSON on standard output.") var json = false

    func validate() throws {
        if !once && (dryRun || !pass.isEmpty || json) {
            throw ValidationError("--dry-run, --pass and --json go with --once")
        }
    }

    func run() async throws {
        guard once else {
            try await runRoles([.cleanup], options: options)
            return
        }
        var configuration = try options.load()
        configuration.cleanup.settings.dryRun = configuration.cleanup.settings.dryRun || dryRun
        configuration.bootstrapLogging()
        let logger = Logger(label: "discordination")
        let passes = pass.isEmpty ? Set(CleanupPass.allCases) : Set(pass)
        let report = try await withMetadataStore(configuration) { metadata in
            // The schema must be current before records are judged.
            let blobs = try await StoresStartUp(configuration: configuration, metadata: metadata, logger: logger).run()
            let cleaner = Cleaner(
                metadata: metadata, blobs: blobs, settings: configuration.cleanup.settings, logger: logger)
            let progress = ProgressLine(enabled: !json && isatty(STDERR_FILENO) == 1, passes: passes.count)
            defer { progress.finish() }
            return try await CleanupOnce(configuration: configuration, logger: logger).run(
                cleaner, passes: passes, progress: progress.show)
        }
        if json {
            print(try Self.json(report))
        } else if isatty(STDOUT_FILENO) == 1 {
            print(Self.text(report))
        }
        if report.skipped { throw ExitCode(3) }
        if report.capped { throw ExitCode(2) }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }

    static func json(_ report: CleanupReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func text(_ report: CleanupReport) -> String {
        var lines = [report.dryRun ? "cleanup (dry run: nothing was changed)" : "cleanup"]
        for pass in report.passes {
            var parts = ["\(pass.examined) examined"]
            switch pass.pass {
            case .dangling: parts.append("\(pass.filesMarked) marked deleted")
            case .deletion: parts += ["\(pass.filesRemoved) records removed", "\(pass.objectsRemoved) objects removed"]
            case .sweep:
                parts += [
                    "\(pass.objectsRemoved) unreferenced blobs removed",
                    "\(pass.proxyMediaRemoved) expired proxy media",
                    "\(pass.objectsMissing) objects missing",
                ]
            }
            parts.append("\(pass.bytesFreed) bytes freed")
            parts.append("\(pass.durationMs) ms")
            lines.append("  \(pass.pass.rawValue): " + parts.joined(separator: ", "))
            lines += pass.errors.map { "    error: \($0)" }
        }
        if report.capped { lines.append("  stopped at cleanup.max_deletes_per_run") }
        if report.skipped { lines.append("  skipped: another run holds the cleanup lease") }
        return lines.joined(separator: "\n")
    }
}

extension CleanupPass: ExpressibleByArgument {}
