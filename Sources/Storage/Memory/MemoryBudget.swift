import DequeModule

/// How many bytes of memory one kind of work may hold at once across a process, so memory stays flat however
/// much of that work arrives together: work that finds the budget spent waits until others release their share.
/// S3 uploads share one for their part buffers (`storage.s3.upload_memory_mib`; their clients wait by TCP
/// back-pressure), media jobs one for their decoders (`files.decode_memory_mib`).
///
/// A request for more than the limit is held as the whole limit: that work runs alone rather than never. Waiting
/// never happens while holding part of the budget when callers follow one rule, so they cannot wait on each other
/// in a circle: wait (`acquire(_:)`) only for a first share; take any further share only when it is free at once
/// (`take(_:)`), and otherwise go on with what is held.
///
/// Waiters are let in in the order they came. With `overtaking`, a request that fits in what is free may pass
/// the first waiter (one too large for what is free) while that one has waited less than `overtaking`; after that,
/// nothing passes it. A large decode waiting for memory then no longer leaves a core idle behind it, and still
/// starts within `overtaking` plus the longest piece of work that passed it.
public actor MemoryBudget {
    public let limit: Int
    public let overtaking: Duration?
    private var available: Int
    private var waiters:
        Deque<
            (id: Int, bytes: Int, since: ContinuousClock.Instant, continuation: CheckedContinuation<Void, any Error>)
        > = []
    private var nextWaiter = 0

    /// The part budget of S3 stores made without one: 32 MiB, four 8 MiB parts. (`storage.s3.upload_memory_mib`
    /// gives the stores a process opens from its configuration a budget of their own, shared among them.)
    public static let uploadParts = MemoryBudget(limit: 32 * 1024 * 1024)

    public init(limit: Int, overtaking: Duration? = nil) {
        self.limit = limit
        self.overtaking = overtaking
        self.available = limit
    }

    /// Whether a request may pass the first waiter now.
    private func mayOvertake(now: ContinuousClock.Instant) -> Bool {
        guard let overtaking, let first = waiters.first else { return waiters.isEmpty }
        return first.since.duration(to: now) < overtaking
    }

    /// Waits until `bytes` (at most the limit) are free, then holds them. Throws `CancellationError` when the task is
    /// cancelled while waiting.
    public func acquire(_ bytes: Int) async throws {
        let bytes = min(bytes, limit)
        let now = ContinuousClock.now
        if available >= bytes && mayOvertake(now: now) {
            hold(bytes)
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, bytes, now, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Holds `bytes` when they are free right now and no one is waiting; false otherwise.
    public func take(_ bytes: Int) -> Bool {
        guard waiters.isEmpty, available >= bytes else { return false }
        hold(bytes)
        return true
    }

    /// Runs `body` holding `bytes` (at most the limit), after waiting for them; gives them back however it ends.
    public nonisolated func holding<T: Sendable>(
        _ bytes: Int, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let held = min(max(bytes, 0), limit)
        try await acquire(held)
        do {
            let result = try await body()
            await release(held)
            return result
        } catch {
            await release(held)
            throw error
        }
    }

    /// Gives `bytes` back and lets waiters in, in the order they came (and, while overtaking is allowed, later ones
    /// that fit).
    public func release(_ bytes: Int) {
        available = min(limit, available + bytes)
        while let first = waiters.first, first.bytes <= available {
            waiters.removeFirst()
            hold(first.bytes)
            first.continuation.resume()
        }
        guard overtaking != nil, mayOvertake(now: .now) else { return }
        var index = 1
        while index < waiters.count, available > 0 {
            if waiters[index].bytes <= available {
                let passing = waiters.remove(at: index)
                hold(passing.bytes)
                passing.continuation.resume()
            } else {
                index += 1
            }
        }
    }

    /// Bytes free now (for tests and metrics).
    public var free: Int { available }

    /// Requests waiting now (for tests and metrics).
    public var waiting: Int { waiters.count }

    /// The most bytes held at once since the budget was made (for tests and metrics).
    public private(set) var highWater = 0

    private func hold(_ bytes: Int) {
        available -= bytes
        highWater = max(highWater, limit - available)
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
