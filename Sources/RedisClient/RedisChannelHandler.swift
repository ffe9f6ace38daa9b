import DequeModule
import NIOCore

/// The promises of a write's replies: none in push mode, one for a single command (no array to allocate), or
/// one per command of a pipeline.
enum RedisReplyPromises: Sendable {
    case none
    case one(EventLoopPromise<RESPValue>)
    case many([EventLoopPromise<RESPValue>])

    func forEach(_ body: (EventLoopPromise<RESPValue>) -> Void) {
        switch self {
        case .none: return
        case .one(let promise): body(promise)
        case .many(let promises): promises.forEach(body)
        }
    }
}

/// What a timeout names: the first command's name and how many commands the write held (put into words only when
/// something goes wrong).
struct RedisWriteLabel: Sendable, CustomStringConvertible {
    var firstCommand: String
    var count: Int

    var description: String {
        let name = firstCommand.uppercased()
        return count == 1 ? name : "pipeline of \(count) (\(name) first)"
    }
}

/// Puts the connection into push mode (pub/sub): every reply from then on goes to `receive`.
struct RedisPushModeEvent: Sendable {
    var receive: @Sendable (RESPValue) -> Void
    var closed: @Sendable () -> Void
}

/// Matches replies to commands in order over one connection; fails everything when a deadline passes or the
/// connection ends, because after a missed reply the stream can no longer be matched.
///
/// `RedisConnection` calls `send` on the channel's loop directly rather than writing through the pipeline: the
/// payload goes down as a plain `ByteBuffer` and the promises never pass through `NIOAny`.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var promise: EventLoopPromise<RESPValue>
        var sequence: UInt64
    }

    private struct Deadline {
        var last: UInt64
        var at: NIODeadline
        var label: RedisWriteLabel
    }

    private let reader = RESPReader()
    private var context: ChannelHandlerContext?
    private var waiting = Deque<Waiting>()
    /// Each write's deadline, in write order; one timer is armed for the earliest of them.
    private var deadlines = Deque<Deadline>()
    private var timer: (at: NIODeadline, task: Scheduled<Void>)?
    private var nextSequence: UInt64 = 0
    private var pushMode: RedisPushModeEvent?
    private var failure: RedisError?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        failAll(.connectionClosed)
    }

    /// Writes `payload` and waits for one reply per promise, failing them all if no reply comes by `deadline`.
    /// Called on the channel's loop only; false (and the promises failed) when the connection has already ended.
    @discardableResult
    func send(
        _ payload: ByteBuffer,
        promises: RedisReplyPromises,
        deadline: NIODeadline,
        label: RedisWriteLabel
    ) -> Bool {
        guard let context, failure == nil else {
            promises.forEach { $0.fail(failure ?? .connectionClosed) }
            return false
        }
        let first = nextSequence
        promises.forEach { replyPromise in
            waiting.append(Waiting(promise: replyPromise, sequence: nextSequence))
            nextSequence += 1
        }
        if nextSequence > first {
            deadlines.append(Deadline(last: nextSequence - 1, at: deadline, label: label))
            if timer.map({ deadline < $0.at }) ?? true {
                arm(at: deadline, context: context)
            }
        }
        context.writeAndFlush(wrapOutboundOut(payload), promise: nil)
        return true
    }

    /// Switches to push mode; called on the channel's loop only.
    func enterPushMode(_ event: RedisPushModeEvent) {
        if failure != nil {
            event.closed()
        } else {
            pushMode = event
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try reader.feed($0) }
            while let reply = try reader.next() {
                deliver(reply)
            }
        } catch {
            failAll(error as? RedisError ?? .protocolError("\(error)"))
        }
    }

    private func deliver(_ reply: RESPValue) {
        if let pushMode, waiting.isEmpty {
            pushMode.receive(reply)
            return
        }
        guard let next = waiting.popFirst() else { return }
        next.promise.succeed(reply)
        // Answered writes leave their deadline behind; the timer, when it fires, re-arms for what is left.
        while let first = deadlines.first, first.last <= next.sequence {
            deadlines.removeFirst()
        }
    }

    /// One timer per connection instead of one per write: scheduling and cancelling a task for every command
    /// cost more than the command on a busy connection.
    private func arm(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.task.cancel()
        let task = context.eventLoop.scheduleTask(deadline: deadline) { [weak self] () -> Void in
            guard let self else { return }
            self.timerFired(context: context)
        }
        timer = (deadline, task)
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        let now = NIODeadline.now()
        if let expired = deadlines.first(where: { $0.at <= now }) {
            failAll(.timeout(command: expired.label.description))
        } else if let earliest = deadlines.min(by: { $0.at < $1.at }) {
            arm(at: earliest.at, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(.connectionFailed("\(error)"))
    }

    private func failAll(_ error: RedisError) {
        if failure == nil { failure = error }
        let pending = waiting
        waiting.removeAll()
        timer?.task.cancel()
        timer = nil
        deadlines.removeAll()
        pending.forEach { $0.promise.fail(error) }
        if let pushMode {
            self.pushMode = nil
            pushMode.closed()
        }
        context?.close(promise: nil)
    }
}
