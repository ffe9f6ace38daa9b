import Cleanup
import Foundation

/// The progress of a `cleanup --once` run on a terminal: one line on standard error, redrawn in place.
final class ProgressLine: @unchecked Sendable {
    // Guarded by `lock`: the passes report from whichever task runs them.
    private let lock = NSLock()
    private let enabled: Bool
    private let passes: Int
    private var seen: [CleanupPass] = []
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(enabled: Bool, passes: Int) {
        self.enabled = enabled
        self.passes = passes
    }

    func show(_ progress: CleanupProgress) {
        guard enabled else { return }
        lock.withLock {
            if !seen.contains(progress.pass) { seen.append(progress.pass) }
            let now = ContinuousClock.now
            guard lastDraw.duration(to: now) >= .milliseconds(100) else { return }
            lastDraw = now
            let filled = min(20, progress.examined.bitWidth - progress.examined.leadingZeroBitCount)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
            FileHandleWriter.standardError(
                "\r\u{1B}[2Kcleanup [\(seen.count)/\(passes) \(progress.pass.rawValue)] [\(bar)] \(progress.examined) examined"
            )
        }
    }

    func finish() {
        guard enabled else { return }
        lock.withLock { FileHandleWriter.standardError("\r\u{1B}[2K") }
    }
}
