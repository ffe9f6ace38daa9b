import Synchronization

/// Answers this process served a moment ago, kept for at most `lifetime` and never past the moment their Redis
/// entry expires: a link posted in a busy channel is asked for by every client that shows the message, and those
/// asks then cost no round trip to Redis. Bounded by count and by bytes; the oldest go first.
final class HotAnswers: Sendable {
    private struct Kept {
        var stored: LinkCache.Stored
        var until: ContinuousClock.Instant
        var size: Int
    }

    private struct Store {
        var entries: [String: Kept] = [:]
        var order: [String] = []
        var start = 0
        var bytes = 0
    }

    static let lifetime: Duration = .seconds(2)
    let capacity: Int
    let maximumBytes: Int
    private let store = Mutex(Store())

    init(capacity: Int = 1024, maximumBytes: Int = 4 << 20) {
        self.capacity = capacity
        self.maximumBytes = maximumBytes
    }

    func stored(_ key: String, now: ContinuousClock.Instant = .now) -> LinkCache.Stored? {
        store.withLock { store in
            guard let kept = store.entries[key] else { return nil }
            guard kept.until > now else {
                store.entries[key] = nil
                store.bytes -= kept.size
                return nil
            }
            return kept.stored
        }
    }

    /// Keeps `stored` for the lifetime or until `expiresIn`, whichever is sooner.
    func keep(_ stored: LinkCache.Stored, as key: String, expiresIn: Duration, now: ContinuousClock.Instant = .now) {
        let size =
            switch stored {
            case .value(let body): body.count + key.utf8.count
            case .error: 256 + key.utf8.count
            }
        guard expiresIn > .zero, size <= maximumBytes / 16 else { return }
        store.withLock { store in
            if let previous = store.entries.updateValue(
                Kept(stored: stored, until: now + min(Self.lifetime, expiresIn), size: size), forKey: key)
            {
                store.bytes -= previous.size
            } else {
                store.order.append(key)
            }
            store.bytes += size
            while store.order.count - store.start > capacity || store.bytes > maximumBytes {
                let oldest = store.order[store.start]
                store.start += 1
                if let removed = store.entries.removeValue(forKey: oldest) { store.bytes -= removed.size }
            }
            if store.start > capacity {
                store.order.removeFirst(store.start)
                store.start = 0
            }
        }
    }
}
