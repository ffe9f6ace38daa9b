import Foundation
import NIOCore
import Synchronization

/// What became of an event handed to a socket.
enum Delivery: Equatable {
    case queued
    /// Typing or presence dropped because the socket's queue is more than half full.
    case shed
    /// The queue is full: the socket is cut off (its stream ends, the connection closes with 4008).
    case overflowed
}

/// A socket as the hub sees it: the topics it follows and a queue of events for it, bounded in events and in bytes.
/// Past half of either bound typing and presence are shed; a socket whose queue fills (a slow, stalled or hostile
/// client) is cut off instead of holding anyone else up: its stream ends, the connection closes, its client
/// reconnects and resumes.
final class Subscriber: Sendable {
    let userID: String
    /// The socket's name in presence records: unique across processes.
    let socket = UUID().uuidString
    let limit: Int
    let byteLimit: Int
    private let followed: Mutex<Following>
    private let queued = Mutex<(count: Int, bytes: Int, overflowed: Bool)>((0, 0, false))
    private let continuation: AsyncStream<HubEvent>.Continuation
    let events: AsyncStream<HubEvent>

    init(userID: String, following: Following, limit: Int, byteLimit: Int = 1 << 20) {
        self.userID = userID
        self.limit = limit
        self.byteLimit = byteLimit
        followed = Mutex(following)
        (events, continuation) = AsyncStream.makeStream(of: HubEvent.self)
    }

    var topics: Set<String> { followed.withLock { $0.topics } }

    func follows(any topics: [String]) -> Bool {
        followed.withLock { followed in topics.contains { followed.contains($0) } }
    }

    /// Changes what the socket follows.
    func update<Result>(_ change: (inout Following) -> Result) -> Result { followed.withLock { change(&$0) } }

    /// Queues an event, sheds it, or cuts the socket off when its queue is full.
    @discardableResult
    func deliver(_ event: HubEvent) -> Delivery {
        let size = event.body.count
        let outcome = queued.withLock { state -> Delivery in
            guard !state.overflowed else { return .overflowed }
            if event.isEphemeral, state.count * 2 >= limit || (state.bytes + size) * 2 > byteLimit {
                return .shed
            }
            guard state.count < limit, state.bytes + size <= byteLimit else {
                state.overflowed = true
                return .overflowed
            }
            state.count += 1
            state.bytes += size
            return .queued
        }
        switch outcome {
        case .queued: continuation.yield(event)
        case .shed: GatewayMetrics.shed.increment()
        case .overflowed: continuation.finish()
        }
        return outcome
    }

    /// The connection wrote (or dropped) one event.
    func consumed(_ event: HubEvent) {
        queued.withLock { state in
            state.count -= 1
            state.bytes -= event.body.count
        }
    }

    var overflowed: Bool { queued.withLock { $0.overflowed } }

    func finish() { continuation.finish() }
}
