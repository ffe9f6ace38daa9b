/// One queue's state, as `queue stats` prints it.
public struct QueueStats: Sendable, Codable, Equatable {
    public var queue: QueueName
    /// Entries kept in the stream (acknowledged ones linger until the next trim).
    public var length: Int
    /// Enqueued and not yet delivered to any worker.
    public var waiting: Int
    /// Delivered to a worker and not yet acknowledged: running, or held by a worker that died.
    public var pending: Int
    /// Age of the oldest pending entry, in milliseconds.
    public var oldestPendingMilliseconds: Int64?
    /// Waiting for a retry or a run time.
    public var delayed: Int
    /// In the dead-letter stream.
    public var dead: Int
}

/// A dead-lettered job, as `queue dead list` prints it.
public struct DeadJob: Sendable, Codable, Equatable {
    public var queue: QueueName
    /// The entry id in the dead-letter stream.
    public var entryID: String
    public var jobID: String
    public var name: String
    public var attempt: Int
    public var error: String
    /// Milliseconds since 1970.
    public var failedAt: Int64
}
