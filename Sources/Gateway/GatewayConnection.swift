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
                            userID: userID, following: Following(topics: made.topics, servers: made.servers),
                            limit: settings.maxQueuedEvents)
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
            for text in try await viewed(event, by: subscriber) { try await writer.write(text) }
        }
        if subscriber.overflowed {
            try? await writer.outbound.close(
                .policyViolation, reason: "too slow: \(settings.maxQueuedEvents) events queued")
        }
    }

    /// The frames this viewer receives for an event (none when it must not see it), and what the socket follows
    /// afterwards: a server joined or left, a channel made or deleted, and a change of roles, membership or
    /// overrides, after which channels that came into view arrive as `ChannelCreate` and those that left it as
    /// `ChannelDelete`, as Bonfire synthesizes them.
    func viewed(_ event: HubEvent, by subscriber: Subscriber) async throws -> [String] {
        let text = String(decoding: event.body, as: UTF8.self)
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
