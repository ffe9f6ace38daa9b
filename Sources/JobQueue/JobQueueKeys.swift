/// The Redis key names of the queue, all under one namespace so several deployments can share a server.
public struct JobQueueKeys: Sendable, Equatable {
    public let namespace: String

    public init(namespace: String = "dcn") {
        self.namespace = namespace
    }

    /// The consumer group every queue stream is read through.
    public let group = "workers"

    /// The stream of runnable jobs.
    public func stream(_ queue: QueueName) -> String { "\(namespace):q:\(queue)" }
    /// Jobs waiting for a retry or a run time: a sorted set scored by due time in milliseconds.
    public func delayed(_ queue: QueueName) -> String { "\(namespace):q:\(queue):delayed" }
    /// Jobs that failed for good, with their last error.
    public func dead(_ queue: QueueName) -> String { "\(namespace):q:\(queue):dead" }
    /// Pattern matching every queue's keys, for discovering queues.
    public var queuePattern: String { "\(namespace):q:*" }

    /// Completions and failures, for consumers with their own groups.
    public var events: String { "\(namespace):events" }
    /// The first job enqueued with an idempotency key, for its window.
    public func unique(_ key: String) -> String { "\(namespace):unique:\(key)" }
    /// A finished job's result, for callers that await it; also the pub/sub channel announcing it.
    public func result(_ id: JobID) -> String { "\(namespace):result:\(id)" }
    /// The last slot a recurring job fired for.
    public func recurring(_ name: String) -> String { "\(namespace):cron:\(name)" }
    /// The scheduler lease: whoever holds it promotes delayed jobs, fires recurring ones and trims streams.
    public var schedulerLease: String { "\(namespace):lease:scheduler" }

    /// The queue name inside a key made by `stream`, `delayed` or `dead`.
    public func queueName(inKey key: String) -> QueueName? {
        let prefix = "\(namespace):q:"
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard let name = rest.split(separator: ":").first, !name.isEmpty else { return nil }
        return QueueName(rawValue: String(name))
    }
}
