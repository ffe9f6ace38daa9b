import NIOCore

/// One buffer as a byte stream, for storing bytes that are already whole.
public struct SingleBuffer: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    let buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        public mutating func next() async throws -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }
}
