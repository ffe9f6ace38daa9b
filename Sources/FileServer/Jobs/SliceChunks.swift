import NIOCore

/// Byte slices as a byte stream, each copied into a buffer only when it is read: a filtered original (slices of
/// the uploaded file, `SplicedFile`) is stored without a second whole copy of it.
struct SliceChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let slices: [ArraySlice<UInt8>]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ArraySlice<UInt8>>

        mutating func next() async throws -> ByteBuffer? {
            guard let slice = remaining.popFirst() else { return nil }
            return ByteBuffer(bytes: slice)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: slices[...]) }
}
