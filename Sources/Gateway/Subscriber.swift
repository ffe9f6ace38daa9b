import Foundation
import NIOCore
import NIOWebSocket
import Synchronization

/// What became of an event handed to a socket.
enum Delivery: Equatable {
    /// Nothing is waiting before it and the socket takes the frame every socket gets: the hub writes it straight to
    /// the socket's channel.
    case direct(SharedFrame)
    /// Waiting in the socket's queue, which the socket's drain task writes in order.
    case queued
    /// Typing or presence dropped because the socket's queue is more than half full.
    case shed
    /// The queue is full: the socket is cut off (it is closed with 4008, slow consumer).
    case overflowed
}

/// How a subscriber reaches its socket: the channel frames can be written to straight (a JSON socket without
/// compression; nil otherwise), a way to start draining its queue, and what to do when it is cut off.
struct SubscriberHooks: Sendable {
    var channel: (any Channel)?
    var drain: @Sendable (Subscriber) -> Void
    var cut: @Sendable (Subscriber) -> Void

    static let none = SubscriberHooks(channel: nil, drain: { _ in }, cut: { _ in })
}

/// A socket as the hub sees it: the topics it follows and how events reach it. Most events (every message to every
/// member) are written by the hub straight to the socket's channel, many sockets of an event loop in one hop, no
/// task involved. An event that changes what the socket sees, or one arriving while others wait, goes through a
/// queue, bounded in events and in bytes, that a short-lived task drains in order. Past half of either bound typing
/// and presence are shed; a socket whose queue — or whose channel's unsent bytes — reach the bound (a slow, stalled
/// or hostile client) is cut off instead of holding anyone else up; its client reconnects and resumes.
final class Subscriber: Sendable {
    let userID: String
    /// The socket's name in presence records: unique across processes.
    let socket = UUID().uuidString
    let limit: Int
    let byteLimit: Int
    let hooks: SubscriberHooks
    private let followed: Mutex<Following>
    private let queue: Mutex<Queue>
    private let encoderContext: NIOLoopBoundBox<ChannelHandlerContext?>?

    struct Queue {
        var events: [HubEvent] = []
        /// The index of the oldest event still waiting.
        var head = 0
        var bytes = 0
        var overflowed = false
        /// The socket closed: nothing more is taken.
        var closed = false
        /// Set once the socket has its `Ready` (or resumed gap): events up to it are not sent again, and events
        /// after it may be written.
        var live: StreamPosition?
        var draining = false

        var count: Int { events.count - head }
    }

    init(
        userID: String, following: Following, limit: Int, byteLimit: Int = 1 << 20, hooks: SubscriberHooks = .none
    ) {
        self.userID = userID
        self.limit = limit
        self.byteLimit = byteLimit
        self.hooks = hooks
        followed = Mutex(following)
        queue = Mutex(Queue())
        encoderContext = hooks.channel.map {
            NIOLoopBoundBox.makeEmptyBox(valueType: ChannelHandlerContext.self, eventLoop: $0.eventLoop)
        }
    }

    var topics: Set<String> { followed.withLock { $0.topics } }

    func follows(any topics: [String]) -> Bool {
        followed.withLock { followed in topics.contains { followed.contains($0) } }
    }

    /// Changes what the socket follows.
    func update<Result>(_ change: (inout Following) -> Result) -> Result { followed.withLock { change(&$0) } }

    /// Hands an event to the socket: written straight (the caller writes the frame), queued, shed, or the socket is
    /// cut off. `beforeQueueing` runs before a queued event can be drained, so frames the caller still holds for
    /// this socket go out first.
    @discardableResult
    func deliver(_ event: HubEvent, beforeQueueing: () -> Void = {}) -> Delivery {
        let size = event.body.count
        let frame = hooks.channel == nil ? nil : event.frame(for: userID)
        var startDrain = false
        var cutNow = false
        let outcome = queue.withLock { state -> Delivery in
            guard !state.overflowed, !state.closed else { return .overflowed }
            if let frame, let live = state.live, state.count == 0, let at = event.position, at > live {
                return .direct(frame)
            }
            if event.isEphemeral, state.count * 2 >= limit || (state.bytes + size) * 2 > byteLimit {
                return .shed
            }
            guard state.count < limit, state.bytes + size <= byteLimit else {
                state.overflowed = true
                cutNow = true
                return .overflowed
            }
            state.events.append(event)
            state.bytes += size
            if state.live != nil, !state.draining {
                state.draining = true
                startDrain = true
            }
            return .queued
        }
        switch outcome {
        case .queued:
            beforeQueueing()
            if startDrain { hooks.drain(self) }
        case .shed: GatewayMetrics.shed.increment()
        case .overflowed: if cutNow { hooks.cut(self) }
        case .direct: break
        }
        return outcome
    }

    /// The socket sent its `Ready` or resumed gap, reflecting the stream up to `position`: what waits is drained,
    /// and what follows may be written straight.
    func goLive(after position: StreamPosition) {
        let startDrain = queue.withLock { state -> Bool in
            state.live = position
            guard state.count > 0, !state.draining else { return false }
            state.draining = true
            return true
        }
        if startDrain { hooks.drain(self) }
    }

    /// The stream position the socket's client has everything up to; nil before its `Ready`.
    var live: StreamPosition? { queue.withLock { $0.live } }

    /// The oldest queued event, left in the queue until `consumed()`; nil when the queue is empty (the drain ends).
    func nextQueued() -> HubEvent? {
        queue.withLock { state in
            guard state.count > 0 else {
                state.draining = false
                return nil
            }
            return state.events[state.head]
        }
    }

    /// The drain wrote (or dropped) the oldest queued event.
    func consumed() {
        queue.withLock { state in
            guard state.count > 0 else { return }
            state.bytes -= state.events[state.head].body.count
            state.head += 1
            if state.head == state.events.count {
                state.events.removeAll(keepingCapacity: false)
                state.head = 0
            }
        }
    }

    var overflowed: Bool { queue.withLock { $0.overflowed } }

    /// The socket closed: nothing more is queued or written.
    func finish() {
        queue.withLock { state in
            state.closed = true
            state.events.removeAll()
            state.head = 0
            state.bytes = 0
        }
    }

    /// Writes a frame straight to the socket's channel; on the channel's event loop. The frame's wire bytes enter
    /// the pipeline below the WebSocket encoder, which has nothing to add to them. Unsent bytes count against the
    /// same budget as the queue: past half of it typing and presence are shed, at it the socket is cut off.
    func writeDirect(_ frame: SharedFrame, ephemeral: Bool) -> Bool {
        guard let channel = hooks.channel, channel.isActive, !queue.withLock({ $0.overflowed || $0.closed }) else {
            return false
        }
        let unsent = (try? channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
        if ephemeral, unsent * 2 > byteLimit {
            GatewayMetrics.shed.increment()
            return false
        }
        guard unsent + frame.wire.readableBytes <= byteLimit else {
            let first = queue.withLock { state in
                defer { state.overflowed = true }
                return !state.overflowed
            }
            if first { hooks.cut(self) }
            return false
        }
        if let encoder = encoder(of: channel) {
            encoder.write(NIOAny(frame.wire), promise: nil)
        } else {
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: frame.payload), promise: nil)
        }
        return true
    }

    /// The context of the channel's WebSocket encoder, looked up once; on the channel's event loop.
    private func encoder(of channel: any Channel) -> ChannelHandlerContext? {
        guard let box = encoderContext else { return nil }
        if let found = box.value { return found }
        let found = try? channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        box.value = found
        return found
    }
}
