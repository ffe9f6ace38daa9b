import NIOCore

/// Runs tasks on one NIO event loop. A task that prefers it (`withTaskExecutorPreference`) and talks to
/// connections on the same loop makes a round trip without any thread hop: the write happens inline and the reply
/// resumes the task on the thread that read it.
public final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the only state is the event loop, which is itself thread-safe.
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
