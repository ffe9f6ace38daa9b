import NIOCore
import Synchronization

/// Whole-part buffers kept between uploads. A part buffer is megabytes: freshly allocated, the kernel maps and zeroes
/// every page the upload then writes (page faults were 14 % of the file server's CPU on 5 MB uploads), and glibc
/// gives it back when it is freed. Kept here, the next upload writes into pages already mapped. At most as many as
/// the part budget has room for are kept, so the memory they hold while idle is never more than uploads may hold.
final class PartBuffers: Sendable {
    let partSize: Int
    let capacity: Int
    private let kept = Mutex<[ByteBuffer]>([])

    init(partSize: Int, budget: Int) {
        self.partSize = partSize
        capacity = max(0, budget / max(1, partSize))
    }

    var count: Int { kept.withLock { $0.count } }

    /// An empty buffer with room for a whole part: a kept one, or a new one.
    func take() -> ByteBuffer {
        var buffer = kept.withLock { $0.popLast() } ?? ByteBufferAllocator().buffer(capacity: partSize)
        // A buffer something still shares is copied on the first write, not overwritten: `clear()` makes it our own.
        buffer.clear()
        return buffer
    }

    /// Keeps `buffer` for the next upload when it is a whole part's and there is room.
    func give(_ buffer: consuming ByteBuffer) {
        guard buffer.capacity >= partSize else { return }
        let buffer = buffer
        kept.withLock { if $0.count < capacity { $0.append(buffer) } }
    }
}
