import RedisClient

/// One Revolt-shaped event as the chat API publishes it: its `type` (`Message`, `ServerMemberJoin`, …), the JSON
/// body clients receive (with `type` inside), and the topics that address it. A gateway sends it to every socket
/// subscribed to one of its topics that may see it; an operator's consumer reads every event.
public struct Event: Sendable, Equatable {
    public var type: String
    public var topics: [EventTopic]
    /// The event as clients receive it, JSON with `type` as a member.
    public var body: [UInt8]

    public init(type: String, topics: [EventTopic], body: [UInt8]) {
        self.type = type
        self.topics = topics
        self.body = body
    }

    /// The event a stream entry holds; nil for an entry whose fields are not an event's.
    public init?(entry: StreamEntry) {
        guard let type = entry["type"], let topics = entry["topics"], let body = entry.bytes("body") else { return nil }
        self.init(type: type, topics: topics.split(separator: " ").map { EventTopic(name: String($0)) }, body: body)
    }

    /// The stream entry's fields: `type`, `topics` (space-separated) and `body`.
    var fields: [(String, [UInt8])] {
        [
            ("type", Array(type.utf8)),
            ("topics", Array(topics.map(\.name).joined(separator: " ").utf8)),
            ("body", body),
        ]
    }
}

/// Who an event is for: everyone who can see a channel, every member of a server, everyone related to a user
/// (its public changes), or only the user's own sessions (read state, settings).
public struct EventTopic: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public static func channel(_ id: String) -> EventTopic { EventTopic(name: "channel:" + id) }
    public static func server(_ id: String) -> EventTopic { EventTopic(name: "server:" + id) }
    public static func user(_ id: String) -> EventTopic { EventTopic(name: "user:" + id) }
    public static func `private`(_ id: String) -> EventTopic { EventTopic(name: "private:" + id) }

    public var description: String { name }
}
