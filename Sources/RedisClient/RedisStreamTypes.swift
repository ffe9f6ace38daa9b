/// One entry of a Redis stream: its id and its field/value pairs in order.
public struct StreamEntry: Sendable, Equatable {
    public var id: String
    public var fields: [(name: String, value: [UInt8])]

    public init(id: String, fields: [(name: String, value: [UInt8])]) {
        self.id = id
        self.fields = fields
    }

    /// The first value of `name` as bytes.
    public func bytes(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }

    /// The first value of `name` as UTF-8 text.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    public static func == (lhs: StreamEntry, rhs: StreamEntry) -> Bool {
        lhs.id == rhs.id && lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// The reply of `XAUTOCLAIM`: claimed entries, the cursor for the next call ("0-0" when done), and the ids of
/// pending entries that no longer exist in the stream (Redis 7).
public struct AutoClaimResult: Sendable, Equatable {
    public var nextCursor: String
    public var entries: [StreamEntry]
    public var deletedIDs: [String]
}

/// The summary form of `XPENDING key group`.
public struct PendingSummary: Sendable, Equatable {
    public var count: Int
    public var smallestID: String?
    public var greatestID: String?
    public var consumers: [String: Int]
}

/// One row of the extended form of `XPENDING`.
public struct PendingEntry: Sendable, Equatable {
    public var id: String
    public var consumer: String
    public var idle: Duration
    /// How many times the entry was delivered; grows by one per re-delivery.
    public var deliveryCount: Int
}

/// One consumer group from `XINFO GROUPS`.
public struct StreamGroupInfo: Sendable, Equatable {
    public var name: String
    public var consumers: Int
    public var pending: Int
    public var lastDeliveredID: String
    /// Entries not yet delivered to the group (Redis 7; nil when Redis cannot tell).
    public var lag: Int?
    /// Entries delivered to the group so far (Redis 7).
    public var entriesRead: Int?
}

/// The summary from `XINFO STREAM`.
public struct StreamInfo: Sendable, Equatable {
    public var length: Int
    public var groups: Int
    public var lastGeneratedID: String
    public var firstEntryID: String?
    public var lastEntryID: String?
}

/// One consumer of a group, from `XINFO CONSUMERS`.
public struct StreamConsumerInfo: Sendable, Equatable {
    public var name: String
    public var pending: Int
    /// Since the consumer last read or claimed.
    public var idle: Duration
}

/// How `XADD` trims the stream.
public enum StreamTrim: Sendable, Equatable {
    /// `MAXLEN ~ n`: about n entries, trimmed by whole nodes (cheap).
    case approximateMaxLength(Int)
    /// `MINID ~ id`: entries older than id go (approximately).
    case approximateMinID(String)
}
