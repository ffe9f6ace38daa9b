import NIOCore

/// Cuts a byte stream into parts of exactly `partSize` bytes (the last may be shorter), splitting chunks at part
/// boundaries so a part's buffer never grows past the part size (ByteBuffer doubles its capacity, and one byte
/// over would double a whole part). Buffers start small, so a small upload does not reserve a whole part.
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    let partSize: Int
    private var leftover: ByteBuffer?
    private(set) var finished = false

    init(_ iterator: Iterator, partSize: Int) {
        self.iterator = iterator
        self.partSize = partSize
    }

    /// The next part: `partSize` bytes, or fewer when the stream ended (then `finished` is true). A `spare` part
    /// that was sent and released is refilled in place, so a long upload cycles through the same few buffers.
    mutating func next(reusing spare: ByteBuffer? = nil, fullSize: Bool = false) async throws -> ByteBuffer {
        var part = spare ?? ByteBufferAllocator().buffer(capacity: fullSize ? partSize : min(partSize, 256 * 1024))
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
