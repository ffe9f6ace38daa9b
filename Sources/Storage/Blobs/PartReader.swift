import NIOCore

/// Cuts a byte stream into parts of exactly `partSize` bytes (the last may be shorter), splitting chunks at part
/// boundaries so a part's buffer never grows past the part size (ByteBuffer doubles its capacity, and one byte
/// over would double a whole part). Buffers start small, so a small upload does not reserve a whole part, and grow
/// to the declared size when there is one.
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    let partSize: Int
    /// What a first buffer starts with, so a small upload does not hold a whole part.
    var smallSize: Int { min(partSize, 256 * 1024) }
    private var leftover: ByteBuffer?
    private(set) var finished = false

    init(_ iterator: Iterator, partSize: Int) {
        self.iterator = iterator
        self.partSize = partSize
    }

    /// The next part: `partSize` bytes, or fewer when the stream ended (then `finished` is true). A `spare` part
    /// that was sent and released is refilled in place, so a long upload cycles through the same few buffers.
    ///
    /// A buffer that starts small grows at most twice: to `expected` (rounded up, with slack) when the stream was
    /// declared that long and what has arrived still fits, then to a whole part. `grow(held, needed)` runs before
    /// each growth with the capacity held so far and the capacity about to be held (the memory budget swaps them).
    mutating func next(
        reusing spare: consuming ByteBuffer? = nil,
        fullSize: Bool = false,
        expected: Int? = nil,
        grow: (_ held: Int, _ needed: Int) async throws -> Void = { _, _ in }
    ) async throws -> ByteBuffer {
        // The spare is moved in, not copied: a second reference would make `clear()` allocate a new buffer.
        let reused = spare.take()
        var capacity = reused != nil || fullSize ? partSize : smallSize
        var part = reused ?? ByteBufferAllocator().buffer(capacity: capacity)
        part.clear()
        while part.readableBytes < partSize {
            var chunk: ByteBuffer
            if let pending = leftover {
                chunk = pending
                leftover = nil
            } else if let next = try await iterator.next() {
                chunk = next
            } else {
                finished = true
                break
            }
            let needed = min(part.readableBytes + chunk.readableBytes, partSize)
            if needed > capacity {
                let declared = expected.map(Self.withSlack).flatMap { $0 < partSize && $0 >= needed ? $0 : nil }
                let next = declared ?? partSize
                try await grow(capacity, next)
                capacity = next
                // One move to the new size, rather than doubling through 512 KiB, 1 MiB, … with a copy each time.
                part.reserveCapacity(capacity)
            }
            let room = partSize - part.readableBytes
            if chunk.readableBytes > room {
                var head = chunk.readSlice(length: room)!
                part.writeBuffer(&head)
                leftover = chunk
            } else {
                part.writeBuffer(&chunk)
            }
        }
        return part
    }

    /// A declared length rounded up to 64 KiB, plus 64 KiB: room for framing the declaration did not count.
    static func withSlack(_ expected: Int) -> Int {
        let unit = 64 * 1024
        return (max(expected, 0) / unit + 2) * unit
    }
}
