/// Paces deletions (at most `perSecond`) and caps them per run (at most `cap`). Every destructive step of a run
/// takes from one budget, so a database that makes everything look orphaned costs at most `cap` files.
actor DeletionBudget {
    private let perSecond: Int
    private let cap: Int
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private(set) var used = 0
    private(set) var exhausted = false

    init(perSecond: Int, cap: Int) {
        self.perSecond = perSecond
        self.cap = cap
        self.start = clock.now
    }

    /// Takes up to `count` deletions, waiting as long as the rate asks; returns how many were granted, fewer than
    /// asked (possibly none) once the cap is reached. A cancelled run (its lease was lost) is granted nothing more.
    func take(_ count: Int = 1) async throws -> Int {
        try Task.checkCancellation()
        var granted = count
        if cap > 0 {
            granted = max(0, min(count, cap - used))
            if granted < count { exhausted = true }
        }
        guard granted > 0 else { return 0 }
        used += granted
        if perSecond > 0 {
            let due = start + .seconds(Double(used) / Double(perSecond))
            if due > clock.now { try await Task.sleep(until: due, clock: clock) }
        }
        return granted
    }
}
