import Synchronization

/// A one-way switch that tells a worker's loops to stop taking work. Sleeps end early when it flips, and
/// registered actions (closing a blocked read) run once when it does.
final class StopSignal: Sendable {
    private struct State {
        var stopped = false
        var nextToken = 0
        var sleepers: [Int: CheckedContinuation<Void, Never>] = [:]
        var actions: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    func stop() {
        let (sleepers, actions) = state.withLock {
            state -> ([CheckedContinuation<Void, Never>], [@Sendable () -> Void]) in
            guard !state.stopped else { return ([], []) }
            state.stopped = true
            defer {
                state.sleepers = [:]
                state.actions = []
            }
            return (Array(state.sleepers.values), state.actions)
        }
        for sleeper in sleepers { sleeper.resume() }
        for action in actions { action() }
    }

    /// Runs `action` when the signal flips (at once if it already has).
    func onStop(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.stopped { return true }
            state.actions.append(action)
            return false
        }
        if runNow { action() }
    }

    /// Sleeps for `duration`, or until the signal flips or the task is cancelled.
    func sleep(for duration: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns when the signal flips or the task is cancelled.
    func wait() async {
        let token = state.withLock { state -> Int in
            state.nextToken += 1
            return state.nextToken
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.stopped || Task.isCancelled { return true }
                    state.sleepers[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: token) }
            sleeper?.resume()
        }
    }
}
