import DequeModule
import NIOCore

/// Commands written in one go (a single command or a pipeline), with one promise per expected reply.
struct RedisOutbound: Sendable {
    var payload: ByteBuffer
    var promises: [EventLoopPromise<RESPValue>]
    var deadline: NIODeadline
    var commandName: String
}

/// Puts the connection into push mode (pub/sub): every reply from then on goes to `receive`.
struct RedisPushModeEvent: Sendable {
    var receive: @Sendable (RESPValue) -> Void
    var closed: @Sendable () -> Void
}

/// Matches replies to commands in order over one connection; fails everything when a deadline passes or the
/// connection ends, because after a missed reply the stream can no longer be matched.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutbound
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var promise: EventLoopPromise<RESPValue>
        var sequence: UInt64
    }

    private let reader = RESPReader()
    private var waiting = Deque<Waiting>()
    private var deadlines = Deque<(last: UInt64, task: Scheduled<Void>)>()
    private var nextSequence: UInt64 = 0
    private var pushMode: RedisPushModeEvent?
    private var failure: RedisError?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try reader.feed($0) }
            while let reply = try reader.next() {
                deliver(reply)
            }
        } catch {
            failAll(error as? RedisError ?? .protocolError("\(error)"), context: context)
        }
    }

    private func deliver(_ reply: RESPValue) {
        if let pushMode, waiting.isEmpty {
            pushMode.receive(reply)
            return
        }
        guard let next = waiting.popFirst() else { return }
        next.promise.succeed(reply)
        while let first = deadlines.first, first.last <= next.sequence {
            first.task.cancel()
            deadlines.removeFirst()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outbound = unwrapOutboundIn(data)
        if let failure {
            outbound.promises.forEach { $0.fail(failure) }
            promise?.fail(failure)
            return
        }
        for replyPromise in outbound.promises {
            waiting.append(Waiting(promise: replyPromise, sequence: nextSequence))
            nextSequence += 1
        }
        if !outbound.promises.isEmpty {
            let last = nextSequence - 1
            let name = outbound.commandName
            let task = context.eventLoop.scheduleTask(deadline: outbound.deadline) { [weak self] in
                guard let self, let first = self.waiting.first, first.sequence <= last else { return }
                self.failAll(.timeout(command: name), context: context)
            }
            deadlines.append((last, task))
        }
        context.write(wrapOutboundOut(outbound.payload), promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let event = event as? RedisPushModeEvent {
            pushMode = event
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed, context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(.connectionFailed("\(error)"), context: context)
    }

    private func failAll(_ error: RedisError, context: ChannelHandlerContext) {
        if failure == nil { failure = error }
        let pending = waiting
        waiting.removeAll()
        deadlines.forEach { $0.task.cancel() }
        deadlines.removeAll()
        pending.forEach { $0.promise.fail(error) }
        if let pushMode {
            self.pushMode = nil
            pushMode.closed()
        }
        context.close(promise: nil)
    }
}
