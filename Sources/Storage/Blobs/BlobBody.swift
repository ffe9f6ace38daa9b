import NIOCore

/// The bytes of a blob as they arrive, read only as fast as they are consumed (back pressure), whichever backend
/// they come from. Iterate it once.
public struct BlobBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private let makeNext: @Sendable () -> () async throws -> ByteBuffer?

    /// A body whose iterator calls the closure `makeNext` returns until it answers nil.
    public init(_ makeNext: @escaping @Sendable () -> () async throws -> ByteBuffer?) {
        self.makeNext = makeNext
    }

    /// A body that passes on the chunks of another byte sequence.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        self.init {
            var iterator = base.makeAsyncIterator()
            return { try await iterator.next() }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextChunk: () async throws -> ByteBuffer?

        public mutating func next() async throws -> ByteBuffer? {
            try await nextChunk()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextChunk: makeNext())
    }

    /// Reads the whole body into one buffer; throws when it is longer than `maximum` bytes.
    public func collect(upTo maximum: Int) async throws -> ByteBuffer {
        var all = ByteBuffer()
        for try await var chunk in self {
            guard all.readableBytes + chunk.readableBytes <= maximum else {
                throw StorageError.invalidRange("the body is longer than \(maximum) bytes")
            }
            all.writeBuffer(&chunk)
        }
        return all
    }
}
