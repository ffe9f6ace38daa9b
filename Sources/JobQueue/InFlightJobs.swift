import Synchronization

/// The stream entries a processor is running, bounded by its concurrency: the reader waits here for a free
/// slot before it pulls more (back pressure), and the heartbeat reads the ids to keep their leases.
final class InFlightJobs: Sendable {
    private struct State {
        var running: Set<String> = []
        var waiter: CheckedContinuation<Int, Never>?
        var closed = false
        var handingBack = false
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    var ids: [String] { state.withLock { Array($0.running) } }
    var count: Int { state.withLock { $0.running.count } }
    /// Slots free now; 0 once closed.
    var free: Int { state.withLock { $0.closed ? 0 : capacity - $0.running.count } }

    /// Waits until at least one slot is free and returns how many are; 0 once closed or cancelled.
    func waitForFreeSlots() async -> Int {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
                let free = state.withLock { state -> Int? in
                    if state.closed || Task.isCancelled { return 0 }
                    let free = capacity - state.running.count
                    if free > 0 { return free }
                    state.waiter = continuation
                    return nil
                }
                if let free { continuation.resume(returning: free) }
            }
        } onCancel: {
            close()
        }
    }

    func start(_ id: String) {
        state.withLock { _ = $0.running.insert(id) }
    }

    func finish(_ id: String) {
        let (waiter, free) = state.withLock { state -> (CheckedContinuation<Int, Never>?, Int) in
            state.running.remove(id)
            defer { state.waiter = nil }
            return (state.waiter, state.closed ? 0 : capacity - state.running.count)
        }
        waiter?.resume(returning: free)
    }

    /// Set when the grace period ran out: interrupted jobs are handed back instead of retried.
    var isHandingBack: Bool { state.withLock { $0.handingBack } }

    func beginHandingBack() {
        state.withLock { $0.handingBack = true }
    }

    /// Stops handing out slots; a waiting reader gets 0.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Int, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: 0)
    }
}
