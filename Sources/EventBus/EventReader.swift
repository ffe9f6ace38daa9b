import RedisClient

/// Reads the event stream: what a gateway tails and a test inspects. Entries whose fields are not an event's are
/// skipped.
public struct EventReader: Sendable {
    public let redis: RedisClient
    public let stream: String

    public init(bus: EventBus) {
        self.redis = bus.redis
        self.stream = bus.stream
    }

    public init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.stream = prefix + ":events"
    }

    /// Events after the stream id `after` ("0" for all kept), oldest first, with their ids.
    public func events(after: String, count: Int = 1000) async throws -> [(id: String, event: Event)] {
        let start = after == "0" ? "-" : "(" + after
        return try await redis.xrange(stream, start: start, count: count).compactMap { entry in
            Event(entry: entry).map { (entry.id, $0) }
        }
    }

    /// The id of the newest event, "0" when there is none: where a reader starts to see only what comes next.
    public func lastID() async throws -> String {
        try await redis.xrevrange(stream, count: 1).first?.id ?? "0"
    }
}
