import Crypto
import Media
import NIOCore
import Storage

/// The upload's bytes on their way to the blob store: the bytes already read for sniffing first, then the rest;
/// each chunk is hashed (SHA-256) and counted, and the stream fails with `fileTooLarge` the moment the count
/// passes the limit, so the store aborts the write and nothing is kept. A JPEG whose frame lay past the sniffed
/// head has the rest fed to its scanner on the way.
struct HashingLimitedBody<Rest: AsyncIteratorProtocol>: AsyncSequence where Rest.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let head: ByteBuffer
    let rest: Rest
    let limit: Int
    let digest: DigestBox

    /// Where the hash and size end up; read after the store's `put` returns.
    final class DigestBox: @unchecked Sendable {
        // Written by the one iterator while the put runs, read by the caller after it returned.
        var hasher = SHA256()
        var size = 0
        /// Set before the put for a JPEG whose frame header lies past the head; read after it.
        var jpeg: JPEGHeaderScanner?
        var hex: String { Hex.encode(hasher.finalize()) }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var head: ByteBuffer?
        var rest: Rest
        let limit: Int
        let digest: DigestBox

        mutating func next() async throws -> ByteBuffer? {
            let chunk: ByteBuffer
            if let pending = head {
                head = nil
                chunk = pending
            } else {
                guard let next = try await rest.next() else { return nil }
                chunk = next
                if digest.jpeg?.finished == false {
                    chunk.withUnsafeReadableBytes { digest.jpeg?.feed($0) }
                }
            }
            digest.size += chunk.readableBytes
            guard digest.size <= limit else { throw UploadError.fileTooLarge(max: limit) }
            chunk.withUnsafeReadableBytes { digest.hasher.update(bufferPointer: $0) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(head: head.readableBytes > 0 ? head : nil, rest: rest, limit: limit, digest: digest)
    }
}
