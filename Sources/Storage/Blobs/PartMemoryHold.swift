/// The share of the `MemoryBudget` one upload holds, given back whole when the upload ends however it ends.
/// Used by the one task that runs the upload.
final class PartMemoryHold: @unchecked Sendable {
    // Only the upload's own task touches `bytes`, between its awaits; never two tasks at once.
    let budget: MemoryBudget
    private var bytes = 0

    init(budget: MemoryBudget) {
        self.budget = budget
    }

    func acquire(_ count: Int) async throws {
        try await budget.acquire(count)
        bytes += min(count, budget.limit)
    }

    /// Holds `count` more bytes when they are free at once.
    func take(_ count: Int) async -> Bool {
        guard await budget.take(count) else { return false }
        bytes += count
        return true
    }

    func release(_ count: Int) async {
        let count = min(count, bytes)
        bytes -= count
        await budget.release(count)
    }

    func releaseAll() async {
        await release(bytes)
    }
}
