import ChatAPI
import Foundation
import HTTPSupport

/// What a client sends, as Bonfire reads it: `{"type": …}` with the message's fields. Anything else is ignored.
enum ClientMessage: Equatable, Sendable {
    /// `resume`: the `seq` of the last event a reconnecting client received (Discordination's extension).
    case authenticate(token: String, resume: String? = nil)
    /// `data` is echoed in `Pong` as it came (a number or a string).
    case ping(data: String)
    case beginTyping(channel: String)
    case endTyping(channel: String)
    case subscribe(serverID: String)
    case unknown

    /// Decodes one JSON text frame; a frame that is not a JSON object is `unknown`.
    static func decode(_ text: String) -> ClientMessage {
        guard let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)) else { return .unknown }
        return decode(value)
    }

    /// Decodes a frame's value (from JSON or MessagePack).
    static func decode(_ value: JSONValue) -> ClientMessage {
        guard case .object(let object) = value, let type = object["type"]?.string else { return .unknown }
        switch type {
        case "Authenticate":
            return object["token"]?.string.map { .authenticate(token: $0, resume: object["resume"]?.string) }
                ?? .unknown
        case "Ping":
            let data = (try? JSONCoding.encode(object["data"] ?? .int(0))) ?? Array("0".utf8)
            return .ping(data: String(decoding: data, as: UTF8.self))
        case "BeginTyping":
            return object["channel"]?.string.map { .beginTyping(channel: $0) } ?? .unknown
        case "EndTyping":
            return object["channel"]?.string.map { .endTyping(channel: $0) } ?? .unknown
        case "Subscribe":
            return object["server_id"]?.string.map { .subscribe(serverID: $0) } ?? .unknown
        default:
            return .unknown
        }
    }
}
