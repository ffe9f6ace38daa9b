import Synchronization

/// Enforces job timeouts with one watcher per processor instead of a timer per job (a timer per job cost a
/// third of the queue's throughput): running jobs register their task and deadline, and the watcher cancels the
/// tasks whose deadline passed.
final class JobDeadlines: Sendable {
    /// A running job's task. `UnsafeCurrentTask` must not outlive its task: a job registers itself while it runs
    /// and removes itself under the same lock before it returns, and the watcher cancels only under that lock, so
    /// it never touches a finished task.
    private struct Running: @unchecked Sendable {
        let task: UnsafeCurrentTask
        let deadline: ContinuousClock.Instant
        var expired = false
    }

    private let running = Mutex<[String: Running]>([:])
    private let finished = StopSignal()
    let resolution: Duration

    init(resolution: Duration = .milliseconds(50)) {
        self.resolution = resolution
    }

    /// Runs `body` in the current task, cancelling it if it is still running after `timeout`. Returns its result,
    /// or throws `JobQueueError.timedOut` when it failed after being cancelled for running late.
    func run<T>(_ id: String, timeout: Duration, _ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        withUnsafeCurrentTask { task in
            guard let task else { return }
            running.withLock { $0[id] = Running(task: task, deadline: deadline) }
        }
        do {
            let result = try await body()
            running.withLock { _ = $0.removeValue(forKey: id) }
            return result
        } catch {
            let expired = running.withLock { $0.removeValue(forKey: id)?.expired ?? false }
            if expired { throw JobQueueError.timedOut(timeout) }
            throw error
        }
    }

    /// The watcher: cancels late jobs until `finish()`.
    func watch() async {
        while !finished.isStopped {
            await finished.sleep(for: resolution)
            let now = ContinuousClock.now
            running.withLock { running in
                for (id, job) in running where !job.expired && job.deadline <= now {
                    job.task.cancel()
                    running[id]?.expired = true
                }
            }
        }
    }

    func finish() { finished.stop() }
}
