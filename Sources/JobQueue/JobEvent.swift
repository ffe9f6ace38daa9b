import RedisClient

/// A job finishing a run, as written to the events stream (`dcn:events`) for consumers that read it through
/// their own consumer groups (the gateway, webhooks).
public struct JobEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case succeeded = "job.succeeded"
        case retrying = "job.retrying"
        case dead = "job.dead"
    }

    public var kind: Kind
    public var queue: QueueName
    public var id: JobID
    public var name: String
    public var attempt: Int
    public var durationMicroseconds: Int64
    /// Milliseconds since 1970.
    public var at: Int64
    public var error: String?

    init?(_ outcome: JobOutcome, queue: QueueName, at: Int64) {
        let error: String?
        switch outcome.kind {
        case .succeeded:
            kind = .succeeded
            error = nil
        case .retrying(_, _, let message):
            kind = .retrying
            error = message
        case .dead(let message):
            kind = .dead
            error = message
        case .handedBack:
            return nil
        }
        self.queue = queue
        self.id = outcome.header?.id ?? JobID(rawValue: "")
        self.name = outcome.header?.name ?? ""
        self.attempt = outcome.header?.attempt ?? 0
        self.durationMicroseconds = outcome.duration.wholeMicroseconds
        self.at = at
        self.error = error
    }

    /// Reads an entry of the events stream; nil for entries that are not job events.
    public init?(_ entry: StreamEntry) {
        guard let kind = entry["type"].flatMap(Kind.init(rawValue:)), let queue = entry["queue"],
            let id = entry["job"], let name = entry["name"]
        else { return nil }
        self.kind = kind
        self.queue = QueueName(rawValue: queue)
        self.id = JobID(rawValue: id)
        self.name = name
        self.attempt = entry["attempt"].flatMap { Int($0) } ?? 0
        self.durationMicroseconds = entry["duration_us"].flatMap { Int64($0) } ?? 0
        self.at = entry["at"].flatMap { Int64($0) } ?? 0
        self.error = entry["error"]
    }

    var fields: [(String, any RESPArgumentConvertible)] {
        var fields: [(String, any RESPArgumentConvertible)] = [
            ("type", kind.rawValue), ("queue", queue.rawValue), ("job", id.rawValue), ("name", name),
            ("attempt", attempt), ("duration_us", String(durationMicroseconds)), ("at", String(at)),
        ]
        if let error { fields.append(("error", error)) }
        return fields
    }
}
