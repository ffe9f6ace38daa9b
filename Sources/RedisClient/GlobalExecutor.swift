import NIOCore
import NIOPosix
import Synchronization

/// Where Swift concurrency runs the process's tasks.
public enum GlobalExecutor {
    private static let installed = Atomic<Bool>(false)

    /// Makes NIO's singleton event loops Swift's global executor, for the whole process. A task then resumes on
    /// the loop that completed what it awaited and stays there, and the Redis pool hands it a connection on that
    /// loop: a round trip is a write and a read on one thread instead of two hops between Swift's pool and a loop
    /// (which cost more than the round trip itself on a 2-core machine). Blocking work must keep to thread pools
    /// (`NIOThreadPool`), as it already must not block Swift's cooperative pool.
    ///
    /// Call it once, first thing in `main`, before any task is created. Returns false when the runtime offers no
    /// hook (tasks then run on Swift's own pool, which is correct, only slower).
    @discardableResult
    public static func useEventLoops() -> Bool {
        let done = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        if done { installed.store(true, ordering: .releasing) }
        return done
    }

    /// True once `useEventLoops` took effect in this process.
    public static var usesEventLoops: Bool { installed.load(ordering: .acquiring) }
}
