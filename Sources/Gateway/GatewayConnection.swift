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

    /// What the connection's one loop handles, in order: the client's frames, the clock, and the hub saying the
    /// session was logged out.
    enum Input: Sendable {
        case frame(ClientMessage)
        case tick
        case loggedOut
    }

    func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, token: String?, format: Format,
        readyFields: Set<String> = [], resume: String? = nil
    ) async throws {
        let writer = FrameWriter(outbound: outbound, format: format)
        GatewayMetrics.socketOpened()
        defer { GatewayMetrics.socketClosed() }
        var session = GatewaySession(limits: settings.limits)
        var subscriber: Subscriber?
        defer { if let subscriber { hub.remove(subscriber) } }
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .bufferingNewest(256))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: settings.maxFrameBytes) {
                    switch message {
                    case .text(let text): input.yield(.frame(ClientMessage.decode(text)))
                    case .binary(let buffer):
                        let value = try? MessagePack.decode(Array(buffer: buffer))
                        input.yield(.frame(value.map(ClientMessage.decode) ?? .unknown))
                    }
                }
                input.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    input.yield(.tick)
                }
            }

            /// Carries out the session's actions; false once the socket is to close.
            func perform(_ actions: [GatewaySession.Action]) async throws -> Bool {
                for action in actions {
                    switch action {
                    case .send(let text):
                        try await writer.write(text)
                    case .authenticate(let token):
                        let caller = try await verify(token)
                        if try await !perform(session.authenticated(userID: caller?.userID)) { return false }
                        if let caller { subscriber?.update { $0.follow(topics: ["session:" + caller.sessionID]) } }
                    case .sendReady(let userID):
                        guard let follower = try await start(userID: userID, writer: writer, readyFields: readyFields)
                        else { return false }
                        subscriber = follower.subscriber
                        group.addTask {
                            try await forward(
                                follower.subscriber, to: writer, after: follower.position,
                                loggedOut: { input.yield(.loggedOut) })
                        }
                    case .resume(let userID, let from):
                        guard let follower = try await self.resume(userID: userID, from: from, writer: writer) else {
                            if try await !perform([.sendReady(userID: userID)]) { return false }
                            continue
                        }
                        subscriber = follower.subscriber
                        group.addTask {
                            try await forward(
                                follower.subscriber, to: writer, after: follower.position,
                                loggedOut: { input.yield(.loggedOut) })
                        }
                    case .startTyping(let channel), .stopTyping(let channel):
                        guard let subscriber, subscriber.topics.contains("channel:" + channel) else { continue }
                        let type = action == .startTyping(channel: channel) ? "ChannelStartTyping" : "ChannelStopTyping"
                        let body = #"{"id":"\#(channel)","type":"\#(type)","user":"\#(subscriber.userID)"}"#
                        await events.publish(Event(type: type, topics: [.channel(channel)], body: Array(body.utf8)))
                    case .close(let code, let reason):
                        try? await outbound.close(.unknown(code), reason: reason)
                        return false
                    }
                }
                return true
            }

            if try await perform(session.connected(token: token, resume: resume)) {
                loop: for await next in inputs {
                    let actions: [GatewaySession.Action]
                    switch next {
                    case .frame(let message): actions = session.received(message)
                    case .tick: actions = session.tick(at: .now)
                    case .loggedOut: actions = session.loggedOut()
                    }
                    if try await !perform(actions) { break loop }
                }
            }
            group.cancelAll()
        }
        try? await outbound.close(.normalClosure, reason: nil)
        if let subscriber,
            (try? await hub.presence.disconnect(userID: subscriber.userID, socket: subscriber.socket)) == true
        {
            await publishPresence(userID: subscriber.userID, online: false)
        }
    }

    /// `UserUpdate {online}` to everyone who knows the user (they follow its `user:` topic).
    func publishPresence(userID: String, online: Bool) async {
        let body = #"{"clear":[],"data":{"online":\#(online)},"id":"\#(userID)","type":"UserUpdate"}"#
        await events.publish(Event(type: "UserUpdate", topics: [.user(userID)], body: Array(body.utf8)))
    }

    func verify(_ token: String) async throws -> Caller? {
        if let caller = try await sessions.verify(token: token, kind: .session) { return caller }
        return try await sessions.verify(token: token, kind: .bot)
    }

    /// Writes the hub's events for this socket until the socket closes or the queue overflows (then the socket is
    /// closed with 1008, policy violation: the client was too slow).
    /// A socket's subscription and the stream position its client has everything up to.
    struct Follower: Sendable {
        var subscriber: Subscriber
        var position: StreamPosition
    }

    /// Subscribes a new socket and sends `Ready` with the stream position it reflects (`seq`): events after it
    /// follow live.
    func start(userID: String, writer: FrameWriter, readyFields: Set<String>) async throws -> Follower? {
        guard let made = try await views.ready(userID: userID) else {
            try await writer.write(#"{"type":"Error","error":"InvalidSession"}"#)
            return nil
        }
        let follower = Subscriber(
            userID: userID, following: Following(topics: made.topics, servers: made.servers),
            limit: settings.maxQueuedEvents)
        hub.add(follower)
        let position = try await hub.lastPosition()
        var ready = made.ready
        let online = try await hub.presence.online(ready.users.map(\.id))
        for index in ready.users.indices where ready.users[index].id != userID {
            ready.users[index].online = online.contains(ready.users[index].id)
        }
        try await writer.write(try Self.encodeReady(ready, only: readyFields, seq: position.description))
        try await announceOnline(follower)
        return Follower(subscriber: follower, position: position)
    }

    /// Resumes a reconnecting socket after `from`: the events it missed that it may see, in order, each with its
    /// `seq`, then `Resumed`. Nil, after telling the client `ResumeFailed`, when the gap cannot be filled (too old,
    /// trimmed from the stream, or from the future): the caller then sends a fresh `Ready`.
    func resume(userID: String, from: String, writer: FrameWriter) async throws -> Follower? {
        func failed(_ reason: String) async throws -> Follower? {
            try await writer.write(#"{"reason":"\#(reason)","type":"ResumeFailed"}"#)
            return nil
        }
        guard let start = StreamPosition(from) else { return try await failed("not a seq") }
        let now = UInt64(Date.now.timeIntervalSince1970 * 1000)
        guard now - min(now, start.milliseconds) <= UInt64(settings.resumeWindow.wholeMilliseconds) else {
            return try await failed("older than the resume window")
        }
        guard let made = try await views.ready(userID: userID) else { return try await failed("no such user") }
        let follower = Subscriber(
            userID: userID, following: Following(topics: made.topics, servers: made.servers),
            limit: settings.maxQueuedEvents)
        hub.add(follower)
        let end = try await hub.lastPosition()
        guard start <= end else {
            hub.remove(follower)
            return try await failed("from the future")
        }
        if let first = try await hub.firstPosition(), first > start, start < end {
            hub.remove(follower)
            return try await failed("trimmed from the stream")
        }
        var cursor = start
        while cursor < end {
            let entries = try await hub.events(after: cursor, count: 500)
            guard !entries.isEmpty else { break }
            for event in entries {
                guard let position = StreamPosition(event.id), position <= end else { continue }
                cursor = position
                guard follower.follows(any: event.topics) else { continue }
                for text in try await viewed(event, by: follower) {
                    try await writer.write(Self.withSequence(text, event.id))
                }
            }
        }
        try await writer.write(#"{"seq":"\#(end)","type":"Resumed"}"#)
        try await announceOnline(follower)
        return Follower(subscriber: follower, position: end)
    }

    func announceOnline(_ follower: Subscriber) async throws {
        if try await hub.presence.connect(userID: follower.userID, socket: follower.socket) {
            await publishPresence(userID: follower.userID, online: true)
        }
    }

    /// An event's JSON with its stream position as `seq`, so a client that reconnects can resume after it.
    static func withSequence(_ text: String, _ id: String) -> String {
        guard !id.isEmpty, text.hasPrefix("{") else { return text }
        return #"{"seq":"\#(id)","# + text.dropFirst()
    }

    func forward(
        _ subscriber: Subscriber, to writer: FrameWriter, after position: StreamPosition,
        loggedOut: @Sendable () -> Void
    ) async throws {
        for await event in subscriber.events {
            defer { subscriber.consumed() }
            // Events the socket already has (in Ready or the resumed gap) come once.
            if let at = StreamPosition(event.id), at <= position { continue }
            if event.type == "Logout" {
                loggedOut()
                continue
            }
            for text in try await viewed(event, by: subscriber) {
                let framed = Self.withSequence(text, event.id)
                try await writer.write(framed)
                GatewayMetrics.delivered(streamID: event.id, bytes: framed.utf8.count)
            }
        }
        if subscriber.overflowed {
            GatewayMetrics.slowConsumers.increment()
            try? await writer.outbound.close(
                .unknown(GatewaySession.CloseCode.slowConsumer),
                reason: "slow consumer: \(settings.maxQueuedEvents) events queued")
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
        case "Message":
            // The author is published as others see it; its own sockets see `relationship: "User"`.
            if (body["user"] as? [String: Any])?["_id"] as? String == subscriber.userID {
                return [Self.rewritingRelationship(of: event.body)]
            }
        default:
            break
        }
        return [text]
    }

    static func rewritingRelationship(of body: [UInt8]) -> String {
        guard var message = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body)),
            case .object(var members) = message, case .object(var user) = members["user"]
        else { return String(decoding: body, as: UTF8.self) }
        user["relationship"] = "User"
        members["user"] = .object(user)
        message = .object(members)
        return (try? JSONCoding.encode(message)).map { String(decoding: $0, as: UTF8.self) }
            ?? String(decoding: body, as: UTF8.self)
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

    /// `Ready` as JSON; with `ready=` fields asked for, only those members (Bonfire's field filter).
    static func encodeReady(
        _ ready: ChatViews.Ready, only fields: Set<String> = [], seq: String? = nil
    ) throws
        -> String
    {
        var value = try JSONCoding.decoder.decode(JSONValue.self, from: Data(try JSONCoding.encode(ready)))
        if !fields.isEmpty, case .object(let members) = value {
            value = .object(members.filter { fields.contains($0.key) })
        }
        guard case .object(var members) = value else { return #"{"type":"Ready"}"# }
        members["type"] = "Ready"
        if let seq { members["seq"] = .string(seq) }
        return String(decoding: try JSONCoding.encode(JSONValue.object(members)), as: UTF8.self)
    }
}
