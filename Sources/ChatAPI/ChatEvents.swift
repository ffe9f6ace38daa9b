import EventBus
import Foundation
import HTTPSupport

/// An event body: `type` beside the payload's own members, as Bonfire sends it.
struct TaggedEvent<Payload: Encodable>: Encodable {
    var type: String
    var payload: Payload

    struct TypeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try payload.encode(to: encoder)
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: TypeKey(stringValue: "type"))
    }
}

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
            let body = try JSONCoding.encode(TaggedEvent(type: type, payload: payload))
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
