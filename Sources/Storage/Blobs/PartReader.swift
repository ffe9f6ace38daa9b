import NIOCore

/// Cuts a byte stream into parts of exactly `partSize` bytes (the last may be shorter), splitting chunks at part
/// boundaries so a part's buffer never grows past the part size (ByteBuffer doubles its capacity, and one byte
/// over would double a whole part). Buffers start small, so a small upload does not reserve a whole part.
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    let partSize: Int
    /// Where whole-part buffers come from (kept between uploads), when the store keeps them.
    let buffers: PartBuffers?
    /// What a first buffer starts with, so a small upload does not hold a whole part.
    var smallSize: Int { min(partSize, 256 * 1024) }
    private var leftover: ByteBuffer?
    private(set) var finished = false

    init(_ iterator: Iterator, partSize: Int, buffers: PartBuffers? = nil) {
        self.iterator = iterator
        self.partSize = partSize
        self.buffers = buffers
    }

    /// An empty buffer with room for a whole part.
    func wholePart() -> ByteBuffer {
        buffers?.take() ?? ByteBufferAllocator().buffer(capacity: partSize)
    }

    /// The next part: `partSize` bytes, or fewer when the stream ended (then `finished` is true). A `spare` part
    /// that was sent and released is refilled in place, so a long upload cycles through the same few buffers.
    ///
    /// `beforeGrowing` runs once, before a buffer that started small takes more than `smallSize` bytes (the memory
    /// budget then holds a whole part for it).
    mutating func next(
        reusing spare: consuming ByteBuffer? = nil,
        fullSize: Bool = false,
        beforeGrowing: () async throws -> Void = {}
    ) async throws -> ByteBuffer {
        // The spare is moved in, not copied: a second reference would make `clear()` allocate a new buffer.
        let reused = spare.take()
        var small = reused == nil && !fullSize && smallSize < partSize
        var part = reused ?? (fullSize ? wholePart() : ByteBufferAllocator().buffer(capacity: smallSize))
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
            if small && part.readableBytes + chunk.readableBytes > smallSize {
                try await beforeGrowing()
                small = false
                // One move to a whole part, rather than doubling through 512 KiB, 1 MiB, … with a copy each time.
                var whole = wholePart()
                whole.writeBuffer(&part)
                part = whole
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
}
