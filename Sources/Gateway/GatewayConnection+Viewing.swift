import ChatAPI
import EventBus
import Foundation
import HTTPSupport
import Identity
import Logging
import NIOCore
import Storage
import WSCore

/// One socket: reads the client's frames through the `GatewaySession`, and once it is ready, writes every event
/// the hub queues for it, filtered and adjusted for this viewer (channels it cannot see are left out; a server it
/// joins or leaves, or a change of roles or overrides, changes what it follows, as Bonfire does).

/// What one viewer receives of an event, and how what its socket follows changes with it.
extension GatewayConnection {
    /// The frames this viewer receives for an event (none when it must not see it), and what the socket follows
    /// afterwards: a server joined or left, a channel made or deleted, and a change of roles, membership or
    /// overrides, after which channels that came into view arrive as `ChannelCreate` and those that left it as
    /// `ChannelDelete`, as Bonfire synthesizes them.
    func viewed(_ event: HubEvent, by subscriber: Subscriber) async throws -> [String] {
        let text = event.text
        // Most events (every message to every socket) pass as they are: the body is parsed only for the kinds that
        // change what the socket follows, and for a message only on its author's own sockets.
        guard !Self.passesUnchanged(event, to: subscriber.userID) else { return [text] }
        if event.type == "Message" {
            // The author is published as others see it; its own sockets see `relationship: "User"`, made once.
            if let view = event.ownersView(), view.userID == subscriber.userID { return [view.text] }
            return [text]
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(event.body))) as? [String: Any] ?? [:]
        let server = event.topics.first { $0.hasPrefix("server:") }.map { String($0.dropFirst("server:".count)) }
        switch event.type {
        case "ServerCreate":
            guard let id = body["id"] as? String else { return [text] }
            let channels = (body["channels"] as? [[String: Any]] ?? []).compactMap { $0["_id"] as? String }
            subscriber.update { $0.follow(server: id, channels: Set(channels)) }
        case "ServerDelete":
            if let id = body["id"] as? String { subscriber.update { $0.unfollow(server: id) } }
        case "ServerMemberLeave":
            if let id = body["id"] as? String, body["user"] as? String == subscriber.userID {
                subscriber.update { $0.unfollow(server: id) }
            }
        case "ChannelCreate":
            guard let id = body["_id"] as? String else { return [text] }
            let channelServer = body["server"] as? String
            if let channelServer {
                guard try await views.canView(channelID: id, userID: subscriber.userID) else { return [] }
            }
            subscriber.update { $0.follow(channel: id, in: channelServer) }
        case "ChannelDelete":
            if let id = body["id"] as? String { subscriber.update { $0.unfollow(channel: id) } }
        case "ServerRoleUpdate", "ServerRoleDelete", "ServerRoleRanksUpdate", "ServerMemberUpdate", "ServerUpdate",
            "ChannelUpdate":
            guard let server else { return [text] }
            var frames = try await refollow(server: server, subscriber)
            // A channel's own change reaches only those who see the channel after it.
            if event.type == "ChannelUpdate", let id = body["id"] as? String,
                !subscriber.topics.contains("channel:" + id)
            {
                return frames
            }
            frames.append(text)
            return frames
        default:
            break
        }
        return [text]
    }

    /// Whether `event` reaches `subscriber` exactly as it was published.
    static func passesUnchanged(_ event: HubEvent, to userID: String) -> Bool {
        !kindsThatChangeTheView.contains(event.type) && !event.authors.contains(userID)
    }

    static let kindsThatChangeTheView: Set<String> = [
        "ServerCreate", "ServerDelete", "ServerMemberLeave", "ChannelCreate", "ChannelDelete", "ServerRoleUpdate",
        "ServerRoleDelete", "ServerRoleRanksUpdate", "ServerMemberUpdate", "ServerUpdate", "ChannelUpdate",
    ]

    /// A message with its embedded `user` marked as the viewer's own, and that user's id; nil when it embeds none.
    static func rewritingRelationship(of body: [UInt8]) -> (userID: String, text: String)? {
        guard var message = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body)),
            case .object(var members) = message, case .object(var user) = members["user"],
            case .string(let id) = user["_id"]
        else { return nil }
        user["relationship"] = "User"
        members["user"] = .object(user)
        message = .object(members)
        guard let encoded = try? JSONCoding.encode(message) else { return nil }
        return (id, String(decoding: encoded, as: UTF8.self))
    }

    /// Roles or overrides changed in a server: the socket follows the channels it can see now, and is told of those
    /// that came into view or left it.
    func refollow(server: String, _ subscriber: Subscriber) async throws -> [String] {
        let visible = try await views.visibleChannelIDs(serverID: server, userID: subscriber.userID)
        let (gained, lost) = subscriber.update { $0.setChannels(of: server, to: visible) }
        var frames = lost.sorted().map { #"{"id":"\#($0)","type":"ChannelDelete"}"# }
        for id in gained.sorted() {
            guard let channel = try await views.channelJSON(id: id) else { continue }
            frames.append(#"{"type":"ChannelCreate","# + String(decoding: channel.dropFirst(), as: UTF8.self))
        }
        return frames
    }
}
