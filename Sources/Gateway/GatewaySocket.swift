import EventBus
import Foundation
import NIOCore
import NIOWebSocket
import RedisClient
import Synchronization
import WSCore

/// One socket's state and what it does: the session's actions (from the client's frames, the clock, a logout), and
/// the draining of its subscriber's queue. Nothing here waits for the client between frames: the socket's reading
/// task is the only task that lives as long as the socket; the rest runs in tasks that end with their work.
final class GatewaySocket: Sendable {
    /// The socket's key in the hub's clocks.
    let id = UUID()
    let connection: GatewayConnection
    let writer: GatewayConnection.FrameWriter
    let channel: any Channel
    /// Whether the hub may write frames straight to `channel` (JSON without compression).
    let writesStraight: Bool
    let readyFields: Set<String>
    private let state: Mutex<State>

    struct State {
        var session: GatewaySession
        var subscriber: Subscriber?
        /// `session:<id>` once authenticated: where a logout of the socket's session is published.
        var sessionTopic: String?
        var closing = false
    }

    /// How long a closed socket's client has to answer the close frame before the connection is dropped.
    static let closeGrace: TimeAmount = .seconds(5)

    init(
        connection: GatewayConnection, writer: GatewayConnection.FrameWriter, channel: any Channel,
        writesStraight: Bool, readyFields: Set<String>, session: GatewaySession
    ) {
        self.connection = connection
        self.writer = writer
        self.channel = channel
        self.writesStraight = writesStraight
        self.readyFields = readyFields
        state = Mutex(State(session: session))
    }

    func withSession<Result>(_ change: (inout GatewaySession) -> Result) -> Result {
        state.withLock { change(&$0.session) }
    }

    var subscriber: Subscriber? { state.withLock { $0.subscriber } }

    var sessionTopic: String? { state.withLock { $0.sessionTopic } }

    /// A frame from the client; false once the socket is to close.
    func received(_ message: ClientMessage) async throws -> Bool {
        try await perform(withSession { $0.received(message) })
    }

    /// The hub's clock, once a second: timeouts and expired typing, acted on in a task of their own.
    func tick() {
        let actions = withSession { $0.tick(at: .now) }
        guard !actions.isEmpty else { return }
        Task { _ = try? await self.perform(actions, closesFromOutside: true) }
    }

    /// Carries out the session's actions; false once the socket is to close. Closing from outside the reading task
    /// (the clock, the hub) also drops the connection if the client does not answer the close frame in time.
    func perform(_ actions: [GatewaySession.Action], closesFromOutside: Bool = false) async throws -> Bool {
        let connection = self.connection
        for action in actions {
            switch action {
            case .send(let text):
                try await writer.write(text)
            case .authenticate(let token):
                let caller = try await connection.verify(token)
                let actions = state.withLock { state in
                    state.sessionTopic = caller.map { "session:" + $0.sessionID }
                    return state.session.authenticated(userID: caller?.userID)
                }
                if try await !perform(actions) { return false }
            case .sendReady(let userID):
                let (writer, readyFields, hooks, session) = (writer, readyFields, hooks, sessionTopic)
                guard
                    let follower = try await connection.hub.readyBuilds.holding(
                        1,
                        {
                            try await connection.start(
                                userID: userID, session: session, writer: writer, readyFields: readyFields,
                                hooks: hooks)
                        })
                else { return false }
                follow(follower)
            case .resume(let userID, let from):
                guard
                    let follower = try await connection.resume(
                        userID: userID, session: sessionTopic, from: from, writer: writer, hooks: hooks)
                else {
                    if try await !perform([.sendReady(userID: userID)]) { return false }
                    continue
                }
                follow(follower)
            case .startTyping(let channel), .stopTyping(let channel):
                guard let subscriber, subscriber.topics.contains("channel:" + channel) else { continue }
                let type = action == .startTyping(channel: channel) ? "ChannelStartTyping" : "ChannelStopTyping"
                let body = #"{"id":"\#(channel)","type":"\#(type)","user":"\#(subscriber.userID)"}"#
                await connection.events.publish(Event(type: type, topics: [.channel(channel)], body: Array(body.utf8)))
            case .close(let code, let reason):
                await close(code: code, reason: reason, fromOutside: closesFromOutside)
                return false
            }
        }
        return true
    }

    /// The subscription is made and its `Ready` or gap sent: what waited for it is drained, and later events flow.
    private func follow(_ follower: GatewayConnection.Follower) {
        let closing = state.withLock { state in
            state.subscriber = follower.subscriber
            return state.closing
        }
        if closing { connection.hub.remove(follower.subscriber) }
        follower.subscriber.goLive(after: follower.position)
    }

    /// How the socket's subscriber reaches it.
    var hooks: SubscriberHooks {
        SubscriberHooks(
            channel: writesStraight ? channel : nil,
            drain: { [weak self] subscriber in
                guard let self else { return }
                Task(executorPreference: EventLoopTaskExecutor(channel.eventLoop)) {
                    await self.drain(subscriber)
                }
            },
            cut: { [weak self] subscriber in
                guard let self else { return }
                GatewayMetrics.slowConsumers.increment()
                connection.logger.info("slow socket cut off", metadata: ["user": "\(subscriber.userID)"])
                Task {
                    await self.close(
                        code: GatewaySession.CloseCode.slowConsumer,
                        reason:
                            "slow consumer: more than \(connection.settings.maxQueuedEvents) events or \(connection.settings.maxQueuedBytes) bytes queued",
                        fromOutside: true)
                }
            })
    }

    /// Writes the subscriber's queued events in order, each as this viewer sees it, until the queue is empty.
    func drain(_ subscriber: Subscriber) async {
        while let event = subscriber.nextQueued() {
            do {
                try await write(event, to: subscriber)
            } catch {
                subscriber.finish()
                return
            }
            subscriber.consumed()
        }
    }

    private func write(_ event: HubEvent, to subscriber: Subscriber) async throws {
        // Events the socket already has (in Ready or the resumed gap) come once.
        if let live = subscriber.live, let at = event.position, at <= live { return }
        if event.type == "Logout" {
            _ = try await perform(withSession { $0.loggedOut() }, closesFromOutside: true)
            return
        }
        if writer.format == .json, let frame = event.frame(for: subscriber.userID) {
            try await writer.outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: frame.payload)))
            GatewayMetrics.delivered(bytes: frame.payload.readableBytes, newest: event.id)
            return
        }
        for text in try await connection.viewed(event, by: subscriber) {
            let framed = GatewayConnection.withSequence(text, event.id)
            try await writer.write(framed)
            GatewayMetrics.delivered(bytes: framed.utf8.count, newest: event.id)
        }
    }

    /// Sends a close frame. From outside the reading task the connection is also dropped after `closeGrace`, so
    /// the reading task ends even when the client never answers (or never reads).
    func close(code: UInt16, reason: String, fromOutside: Bool) async {
        let subscriber = markClosing()
        if let subscriber { connection.hub.remove(subscriber) }
        if fromOutside {
            let channel = self.channel
            channel.eventLoop.scheduleTask(in: Self.closeGrace) { channel.close(promise: nil) }
        }
        try? await writer.outbound.close(.unknown(code), reason: reason)
    }

    /// Marks the socket as closing (a subscription made after this leaves the hub at once); its subscriber, if any.
    private func markClosing() -> Subscriber? {
        state.withLock { state in
            state.closing = true
            return state.subscriber
        }
    }

    /// The socket closed: it leaves the hub, and its user goes offline if this was its last socket anywhere.
    func ended() async {
        let subscriber = markClosing()
        try? await writer.outbound.close(.normalClosure, reason: nil)
        guard let subscriber else { return }
        connection.hub.remove(subscriber)
        if (try? await connection.hub.presence.disconnect(userID: subscriber.userID, socket: subscriber.socket)) == true
        {
            await connection.publishPresence(userID: subscriber.userID, online: false)
        }
    }
}
