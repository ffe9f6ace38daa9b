import Foundation
import Synchronization

/// The wall clock a test moves ahead instead of sleeping out a TTL: the system's time plus whatever the test has
/// skipped. Time still passes between the skips, so nothing that waits on real time stalls.
public final class ManualWallClock: Sendable {
    private let skipped = Mutex<Int64>(0)

    public init() {}

    /// Milliseconds since 1970, as this clock reads them.
    public var now: @Sendable () -> Int64 {
        { [self] in Int64(Date().timeIntervalSince1970 * 1000) + skipped.withLock { $0 } }
    }

    public func advance(by duration: Duration) {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        skipped.withLock { $0 += milliseconds }
    }
}
