import Foundation
import Synchronization

/// One event as the hub hands it to a socket.
struct HubEvent: Sendable {
    /// The stream entry's id (`<milliseconds>-<n>`), empty for events made by the gateway itself.
    var id: String = ""
    var type: String
    var topics: [String]
    var body: [UInt8]
}

/// A socket as the hub sees it: the topics it follows and a bounded queue of events for it. A socket whose queue
/// fills (a slow, stalled or hostile client) is cut off instead of holding anyone else up: its stream ends and the
/// connection closes, and its client reconnects.
final class Subscriber: Sendable {
    let userID: String
    /// The socket's name in presence records: unique across processes.
    let socket = UUID().uuidString
    let limit: Int
    private let followed: Mutex<Following>
    private let queued = Mutex<(count: Int, overflowed: Bool)>((0, false))
    private let continuation: AsyncStream<HubEvent>.Continuation
    let events: AsyncStream<HubEvent>

    init(userID: String, following: Following, limit: Int) {
        self.userID = userID
        self.limit = limit
        followed = Mutex(following)
        (events, continuation) = AsyncStream.makeStream(of: HubEvent.self)
    }

    var topics: Set<String> { followed.withLock { $0.topics } }

    func follows(any topics: [String]) -> Bool {
        followed.withLock { followed in topics.contains { followed.contains($0) } }
    }

    /// Changes what the socket follows.
    func update<Result>(_ change: (inout Following) -> Result) -> Result { followed.withLock { change(&$0) } }

    /// Queues an event; false (and the stream ends) when the queue was full.
    @discardableResult
    func deliver(_ event: HubEvent) -> Bool {
        let accepted = queued.withLock { state -> Bool in
            guard !state.overflowed else { return false }
            guard state.count < limit else {
                state.overflowed = true
                return false
            }
            state.count += 1
            return true
        }
        if accepted { continuation.yield(event) } else { continuation.finish() }
        return accepted
    }

    /// The connection wrote (or dropped) one event.
    func consumed() { queued.withLock { $0.count -= 1 } }

    var overflowed: Bool { queued.withLock { $0.overflowed } }

    func finish() { continuation.finish() }
}
