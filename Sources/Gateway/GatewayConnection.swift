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
struct GatewayConnection {
    let settings: GatewaySettings
    let hub: GatewayHub
    let sessions: Sessions
    let views: ChatViews
    let events: EventBus
    let logger: Logger

    /// How frames are written: JSON in text frames, or MessagePack in binary frames (`?format=msgpack`).
    enum Format: Sendable {
        case json
        case msgpack
    }

    func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, token: String?, format: Format
    ) async throws {
        let writer = FrameWriter(outbound: outbound, format: format)
        var session = GatewaySession()
        var subscriber: Subscriber?
        defer { if let subscriber { hub.remove(subscriber) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            func perform(_ actions: [GatewaySession.Action]) async throws -> Bool {
                for action in actions {
                    switch action {
                    case .send(let text):
                        try await writer.write(text)
                    case .authenticate(let token):
                        let caller = try await verify(token)
                        if try await !perform(session.authenticated(userID: caller)) { return false }
                    case .sendReady(let userID):
                        guard let made = try await views.ready(userID: userID) else {
                            try await writer.write(#"{"type":"Error","error":"InvalidSession"}"#)
                            return false
                        }
                        let follower = Subscriber(
                            userID: userID, topics: made.topics, limit: settings.maxQueuedEvents)
                        hub.add(follower)
                        subscriber = follower
                        try await writer.write(try Self.encodeReady(made.ready))
                        group.addTask { try await forward(follower, to: writer) }
                    case .startTyping(let channel), .stopTyping(let channel):
                        guard let subscriber, subscriber.topics.contains("channel:" + channel) else { continue }
                        let type = action == .startTyping(channel: channel) ? "ChannelStartTyping" : "ChannelStopTyping"
                        let body = #"{"id":"\#(channel)","type":"\#(type)","user":"\#(subscriber.userID)"}"#
                        await events.publish(Event(type: type, topics: [.channel(channel)], body: Array(body.utf8)))
                    case .close:
                        return false
                    }
                }
                return true
            }
            if try await perform(session.connected(token: token)) {
                for try await message in inbound.messages(maxSize: settings.maxFrameBytes) {
                    let received: ClientMessage
                    switch message {
                    case .text(let text): received = ClientMessage.decode(text)
                    case .binary(let buffer):
                        received =
                            (try? MessagePack.decode(Array(buffer: buffer))).map(ClientMessage.decode) ?? .unknown
                    }
                    if try await !perform(session.received(received)) { break }
                }
            }
            group.cancelAll()
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    func verify(_ token: String) async throws -> String? {
        if let caller = try await sessions.verify(token: token, kind: .session) { return caller.userID }
        return try await sessions.verify(token: token, kind: .bot)?.userID
    }

    /// Writes the hub's events for this socket until the socket closes or the queue overflows (then the socket is
    /// closed with 1008, policy violation: the client was too slow).
    func forward(_ subscriber: Subscriber, to writer: FrameWriter) async throws {
        for await event in subscriber.events {
            defer { subscriber.consumed() }
            guard let text = try await viewed(event, by: subscriber) else { continue }
            try await writer.write(text)
        }
        if subscriber.overflowed {
            try? await writer.outbound.close(
                .policyViolation, reason: "too slow: \(settings.maxQueuedEvents) events queued")
        }
    }

    /// The event as this viewer receives it, or nil when it must not see it; updates what the socket follows.
    func viewed(_ event: HubEvent, by subscriber: Subscriber) async throws -> String? {
        let text = String(decoding: event.body, as: UTF8.self)
        let body = (try? JSONSerialization.jsonObject(with: Data(event.body))) as? [String: Any] ?? [:]
        switch event.type {
        case "ServerCreate":
            guard let id = body["id"] as? String else { return text }
            let channels = (body["channels"] as? [[String: Any]] ?? []).compactMap { $0["_id"] as? String }
            subscriber.follow(["server:" + id] + channels.map { "channel:" + $0 })
        case "ServerDelete":
            if let id = body["id"] as? String { subscriber.unfollow(["server:" + id]) }
        case "ServerMemberLeave":
            if let id = body["id"] as? String, body["user"] as? String == subscriber.userID {
                subscriber.unfollow(["server:" + id])
            }
        case "ChannelCreate":
            guard let id = body["_id"] as? String else { return text }
            if body["server"] != nil {
                guard try await views.canView(channelID: id, userID: subscriber.userID) else { return nil }
            }
            subscriber.follow(["channel:" + id])
        case "ChannelDelete":
            if let id = body["id"] as? String { subscriber.unfollow(["channel:" + id]) }
        case "ServerRoleUpdate", "ServerRoleDelete", "ServerMemberUpdate", "ServerUpdate", "ChannelUpdate":
            if let serverID = event.topics.first(where: { $0.hasPrefix("server:") })?.dropFirst(7) {
                try await refollow(server: String(serverID), subscriber)
            }
        default:
            break
        }
        return text
    }

    /// Roles or overrides changed in a server: the socket follows the channels it can see now.
    func refollow(server serverID: String, _ subscriber: Subscriber) async throws {
        let visible = try await views.visibleChannelIDs(serverID: serverID, userID: subscriber.userID)
        subscriber.follow(visible.map { "channel:" + $0 })
        let followed = subscriber.topics.filter { $0.hasPrefix("channel:") }
        let inServer = try await views.channelIDs(serverID: serverID)
        subscriber.unfollow(
            followed.filter { topic in
                let id = String(topic.dropFirst("channel:".count))
                return inServer.contains(id) && !visible.contains(id)
            })
    }

    /// Writes JSON text as the socket's format wants it.
    struct FrameWriter: Sendable {
        let outbound: WebSocketOutboundWriter
        let format: Format

        func write(_ json: String) async throws {
            switch format {
            case .json:
                try await outbound.write(.text(json))
            case .msgpack:
                let value = try JSONCoding.decoder.decode(JSONValue.self, from: Data(json.utf8))
                try await outbound.write(.binary(ByteBuffer(bytes: MessagePack.encode(value))))
            }
        }
    }

    static func encodeReady(_ ready: ChatViews.Ready) throws -> String {
        let payload = String(decoding: try JSONCoding.encode(ready), as: UTF8.self)
        return #"{"type":"Ready","#.appending(payload.dropFirst())
    }
}
