import DequeModule

/// How many bytes of upload part buffers one process may hold at once, shared by every S3 upload in it, so memory
/// stays flat however many uploads arrive together: an upload that finds the budget spent waits (and its client,
/// by TCP back-pressure, with it) until others release theirs.
///
/// Waiting never happens while holding part of the budget, so uploads cannot wait on each other in a circle: an
/// upload waits only for its first buffer; every further buffer (more parts in flight) is taken only when it is
/// free at once (`take(_:)`), and otherwise the upload sends its parts one after another.
public actor PartMemoryBudget {
    public let limit: Int
    private var available: Int
    private var waiters: Deque<(id: Int, bytes: Int, continuation: CheckedContinuation<Void, any Error>)> = []
    private var nextWaiter = 0

    /// The budget of S3 stores made without one: 32 MiB, four 8 MiB parts. (`storage.s3.upload_memory_mib` gives
    /// the stores a process opens from its configuration a budget of their own, shared among them.)
    public static let shared = PartMemoryBudget(limit: 32 * 1024 * 1024)

    public init(limit: Int) {
        self.limit = limit
        self.available = limit
    }

    /// Waits until `bytes` (at most the limit) are free, then holds them. Throws `CancellationError` when the task is
    /// cancelled while waiting.
    public func acquire(_ bytes: Int) async throws {
        let bytes = min(bytes, limit)
        if waiters.isEmpty && available >= bytes {
            available -= bytes
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, bytes, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Holds `bytes` when they are free right now and no one is waiting; false otherwise.
    public func take(_ bytes: Int) -> Bool {
        guard waiters.isEmpty, available >= bytes else { return false }
        available -= bytes
        return true
    }

    /// Gives `bytes` back and lets waiters in, in the order they came.
    public func release(_ bytes: Int) {
        available = min(limit, available + bytes)
        while let first = waiters.first, first.bytes <= available {
            waiters.removeFirst()
            available -= first.bytes
            first.continuation.resume()
        }
    }

    /// Bytes free now (for tests and metrics).
    public var free: Int { available }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
