import EventBus
import Foundation
import HTTPSupport

/// An object with one more member beside its own: an event's `type`, a bot's `user`, a server's `channels`.
struct Merged<Base: Encodable, Extra: Encodable>: Encodable {
    var base: Base
    var key: String
    var extra: Extra

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(extra, forKey: Key(stringValue: key))
    }
}

extension Merged: Sendable where Base: Sendable, Extra: Sendable {}

/// Partial changes (`MessageUpdate`, `ServerUpdate`, …): the changed fields in `data`, removed ones in `clear`.
struct UpdatePayload<ID: Encodable, Data: Encodable>: Encodable {
    var id: ID
    var data: Data
    var clear: [String]
}

extension ChatDependencies {
    /// Publishes one event after the change it reports has committed.
    func publish(_ type: String, _ payload: some Encodable, to topics: [EventTopic]) async {
        do {
            let body = try JSONCoding.encode(Merged(base: payload, key: "type", extra: type))
            await events.publish(Event(type: type, topics: topics, body: body))
        } catch {
            logger.error("event not encoded", metadata: ["type": "\(type)", "error": "\(error)"])
        }
    }

}

/// Keys for small ad-hoc payloads.
struct Fields: Encodable {
    var values: [String: JSONValue]

    init(_ values: [String: JSONValue]) {
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }
}
