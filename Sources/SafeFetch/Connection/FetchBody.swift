import NIOCore

/// The body of a fetched answer as it arrives, decompressed, with the byte limit counted on the stream itself:
/// whatever `Content-Length` claimed, no more than the limit is ever handed out.
public struct FetchBody {
    private let nextChunk: () async throws -> ByteBuffer?
    /// Bytes handed out so far.
    public private(set) var received = 0
    var limit = Int.max
    var overflow = FetchLimits.Overflow.fail
    /// True when the body ended at the limit rather than at its real end (`overflow: .truncate`).
    public private(set) var truncated = false

    public init(next: @escaping () async throws -> ByteBuffer?) {
        nextChunk = next
    }

    /// The next piece, or nil at the end (or at the limit when truncating).
    public mutating func next() async throws -> ByteBuffer? {
        guard !truncated, var chunk = try await nextChunk() else { return nil }
        if received + chunk.readableBytes > limit {
            guard overflow == .truncate else { throw SafeFetchError.tooLarge(limit: limit) }
            truncated = true
            chunk = chunk.getSlice(at: chunk.readerIndex, length: limit - received) ?? ByteBuffer()
        }
        received += chunk.readableBytes
        return chunk
    }

    /// Reads the first `count` bytes (fewer when the body is shorter), for a header probe; the rest is never read.
    public mutating func prefix(_ count: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count, let chunk = try await next() {
            bytes.append(contentsOf: chunk.readableBytesView.prefix(count - bytes.count))
        }
        return bytes
    }

    /// Reads the rest of the body into memory (bounded by the limit).
    public mutating func collect() async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await next() { bytes.append(contentsOf: chunk.readableBytesView) }
        return bytes
    }
}
