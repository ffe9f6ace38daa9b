/// How one job is enqueued.
public struct JobOptions: Sendable {
    /// Run no earlier than this long from now.
    public var delay: Duration?
    /// Run no earlier than this time, in milliseconds since 1970 (wins over `delay`).
    public var runAtMilliseconds: Int64?
    /// Work with the same key enqueued again within `uniqueFor` is not queued twice: the second enqueue returns
    /// the first job's id.
    public var idempotencyKey: String?
    public var uniqueFor: Duration
    /// Keep the job's result (or final error) this long so `JobQueue.result(of:)` can return it.
    public var keepResult: Duration?

    public init(
        delay: Duration? = nil,
        runAtMilliseconds: Int64? = nil,
        idempotencyKey: String? = nil,
        uniqueFor: Duration = .seconds(600),
        keepResult: Duration? = nil
    ) {
        self.delay = delay
        self.runAtMilliseconds = runAtMilliseconds
        self.idempotencyKey = idempotencyKey
        self.uniqueFor = uniqueFor
        self.keepResult = keepResult
    }
}
