import NIOCore
import Synchronization

/// Answers already rendered in a dialect, kept in this process by what names them exactly (the cached answer's
/// digest and fetch time, the dialect, the media filter), so a cache hit costs a Redis read and no JSON work. A
/// refreshed answer has a new fetch time and so a new name; the oldest entries go first past `capacity`.
///
/// For each question (a name without its fetch time) it also remembers the answer Redis showed last and when: for
/// `confirmedFor` after that, a hit may be served without asking Redis again (`confirmed`).
final class RenderedAnswers: Sendable {
    private struct Store {
        var bodies: [String: ByteBuffer] = [:]
        var order: [String] = []
        var start = 0
        var confirmed: [String: Confirmed] = [:]
    }

    struct Confirmed {
        var fetchedAt: Int64
        var body: ByteBuffer
        var at: ContinuousClock.Instant
    }

    /// How long an answer Redis showed is served without asking it again: a replaced or deleted answer is seen
    /// within this, as for January's embeds (`HotAnswers`).
    static let confirmedFor = Duration.seconds(2)

    private let store = Mutex(Store())
    let capacity: Int

    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// The name of the rendering of `question`'s answer fetched at `fetchedAt`.
    static func name(_ question: String, fetchedAt: Int64) -> String {
        question + String(fetchedAt)
    }

    func body(_ name: String) -> ByteBuffer? {
        store.withLock { $0.bodies[name] }
    }

    func keep(_ body: ByteBuffer, as name: String) {
        store.withLock { store in
            guard store.bodies.updateValue(body, forKey: name) == nil else { return }
            store.order.append(name)
            if store.order.count - store.start > capacity {
                store.bodies[store.order[store.start]] = nil
                store.start += 1
                if store.start > capacity {
                    store.order.removeFirst(store.start)
                    store.start = 0
                }
            }
        }
    }

    /// Redis has just shown `question`'s answer fetched at `fetchedAt`, rendered as `body`.
    func confirm(_ question: String, fetchedAt: Int64, body: ByteBuffer, now: ContinuousClock.Instant = .now) {
        store.withLock { store in
            if store.confirmed.count >= capacity, store.confirmed[question] == nil {
                store.confirmed = store.confirmed.filter { now - $0.value.at <= Self.confirmedFor }
                if store.confirmed.count >= capacity { store.confirmed.removeAll() }
            }
            store.confirmed[question] = Confirmed(fetchedAt: fetchedAt, body: body, at: now)
        }
    }

    /// `question`'s answer as Redis showed it within `confirmedFor`, or nil.
    func confirmed(_ question: String, now: ContinuousClock.Instant = .now) -> Confirmed? {
        store.withLock { store in
            guard let confirmed = store.confirmed[question], now - confirmed.at <= Self.confirmedFor else { return nil }
            return confirmed
        }
    }
}
