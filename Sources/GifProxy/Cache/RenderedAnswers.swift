import NIOCore
import Synchronization

/// Answers already rendered in a dialect, kept in this process by what names them exactly (the cached answer's
/// digest and fetch time, the dialect, the media filter), so a cache hit costs a Redis read and no JSON work. A
/// refreshed answer has a new fetch time and so a new name; the oldest entries go first past `capacity`.
final class RenderedAnswers: Sendable {
    private struct Store {
        var bodies: [String: ByteBuffer] = [:]
        var order: [String] = []
        var start = 0
    }

    private let store = Mutex(Store())
    let capacity: Int

    init(capacity: Int = 2048) {
        self.capacity = capacity
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
}
