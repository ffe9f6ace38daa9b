import Foundation

/// What a client sends, as Bonfire reads it: `{"type": …}` with the message's fields. Anything else is ignored.
enum ClientMessage: Equatable, Sendable {
    case authenticate(token: String)
    /// `data` is echoed in `Pong` as it came (a number or a string).
    case ping(data: String)
    case beginTyping(channel: String)
    case endTyping(channel: String)
    case subscribe(serverID: String)
    case unknown

    /// Decodes one JSON text frame; a frame that is not a JSON object is `unknown`.
    static func decode(_ text: String) -> ClientMessage {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let type = object["type"] as? String
        else { return .unknown }
        switch type {
        case "Authenticate":
            return (object["token"] as? String).map { .authenticate(token: $0) } ?? .unknown
        case "Ping":
            guard let data = object["data"] else { return .ping(data: "0") }
            let encoded = try? JSONSerialization.data(withJSONObject: data, options: [.fragmentsAllowed])
            return .ping(data: encoded.map { String(decoding: $0, as: UTF8.self) } ?? "0")
        case "BeginTyping":
            return (object["channel"] as? String).map { .beginTyping(channel: $0) } ?? .unknown
        case "EndTyping":
            return (object["channel"] as? String).map { .endTyping(channel: $0) } ?? .unknown
        case "Subscribe":
            return (object["server_id"] as? String).map { .subscribe(serverID: $0) } ?? .unknown
        default:
            return .unknown
        }
    }
}
