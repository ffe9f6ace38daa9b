import Foundation
import Logging
import Storage

/// What every pass of one run shares: the stores, the settings, the deletion budget and where progress goes.
struct CleanupRun: Sendable {
    let metadata: MetadataStore
    let blobs: any BlobStore
    let settings: CleanupSettings
    let budget: DeletionBudget
    let logger: Logger
    let progress: @Sendable (CleanupProgress) -> Void

    /// Now less `age`: a pass takes its cut-off when it starts, so with no retention the deletion pass also removes
    /// what the dangling pass just marked.
    func cutoff(_ age: Duration) -> Date {
        Date.now.addingTimeInterval(-Double(age.components.seconds) - Double(age.components.attoseconds) / 1e18)
    }

    /// Deletes the blobs of an object already claimed (its row is gone). Returns the bytes freed and what failed;
    /// the rest are still tried (what is left is swept later).
    func deleteBlobs(_ blobs: [(key: String, size: Int64)], of hash: String) async -> (freed: Int64, errors: [String]) {
        var freed: Int64 = 0
        var errors: [String] = []
        for blob in blobs {
            do {
                try await self.blobs.delete(blob.key)
                freed += blob.size
            } catch {
                errors.append("cannot delete blob \(blob.key) of \(hash): \(error)")
            }
        }
        return (freed, errors)
    }

    /// Runs `body` to its end even when the run is cancelled meanwhile: a record removal and the freeing of its
    /// object go together, so an interrupted run neither loses count of what it did nor leaves half of it.
    func uninterrupted<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await Task { try await body() }.value
    }
}

/// Where a run is: shown as a progress bar on a terminal.
public struct CleanupProgress: Sendable {
    public var pass: CleanupPass
    public var examined: Int
}
