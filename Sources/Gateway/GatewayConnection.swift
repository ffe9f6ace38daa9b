import ChatAPI
import EventBus
import Foundation
import HTTPSupport
import Identity
import Logging
import NIOCore
import NIOWebSocket
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
        let clock = UUID()
        hub.addClock(clock) { input.yield(.tick) }
        defer { hub.removeClock(clock) }
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
        await events.publish(GatewayHub.presenceChange(userID: userID, online: online))
    }

    func verify(_ token: String) async throws -> Caller? {
        if let caller = try await sessions.verify(token: token, kind: .session) { return caller }
        return try await sessions.verify(token: token, kind: .bot)
    }

    /// Writes the hub's events for this socket until the socket closes or the queue overflows (then the socket is
    /// closed with 4008, slow consumer).
    func forward(
        _ subscriber: Subscriber, to writer: FrameWriter, after position: StreamPosition,
        loggedOut: @Sendable () -> Void
    ) async throws {
        for await event in subscriber.events {
            defer { subscriber.consumed(event) }
            // Events the socket already has (in Ready or the resumed gap) come once.
            if let at = StreamPosition(event.id), at <= position { continue }
            if event.type == "Logout" {
                loggedOut()
                continue
            }
            // The common case: the frame every socket gets, written from the event's one buffer.
            if writer.format == .json, Self.passesUnchanged(event, to: subscriber) {
                try await writer.outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: event.frame)))
                GatewayMetrics.delivered(streamID: event.id, bytes: event.frame.readableBytes)
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
                reason:
                    "slow consumer: more than \(settings.maxQueuedEvents) events or \(settings.maxQueuedBytes) bytes queued"
            )
        }
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

}
