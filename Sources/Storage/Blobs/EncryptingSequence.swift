import NIOCore

/// The stored form of a plaintext stream: the header, then sealed chunks. A full chunk is held back until more
/// bytes (or the end) arrive, because the last chunk is sealed differently.
struct EncryptingSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let cipher: ChunkedCipher

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let cipher: ChunkedCipher
        var pending = ByteBuffer()
        var index: Int64 = 0
        var sentHeader = false
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            if !sentHeader {
                sentHeader = true
                return cipher.header
            }
            guard !finished else { return nil }
            var output = ByteBuffer()
            output.reserveCapacity(4 * (cipher.chunkSize + ChunkedCipher.tagSize))
            // Gather a few chunks per yield so a put sees large writes.
            while output.readableBytes < 4 * cipher.chunkSize {
                while pending.readableBytes <= cipher.chunkSize {
                    guard var chunk = try await base.next() else {
                        try cipher.seal(pending, index: index, isLast: true, into: &output)
                        finished = true
                        return output
                    }
                    // Compact only now, when at most one chunk's bytes remain to move; compacting after every
                    // chunk moved a whole incoming buffer each time (1 MiB per 64 KiB sealed).
                    pending.discardReadBytes()
                    pending.writeBuffer(&chunk)
                }
                let plaintext = pending.readSlice(length: cipher.chunkSize)!
                try cipher.seal(plaintext, index: index, isLast: false, into: &output)
                index += 1
            }
            return output
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), cipher: cipher)
    }
}

/// Opens the sealed chunks of a ranged read one at a time and trims them to the bytes asked for.
struct DecryptingReader: Sendable {
    let cipher: ChunkedCipher
    let chunks: ClosedRange<Int64>
    let chunkCount: Int64
    let plaintextSize: Int64
    var skip: Int64
    var remaining: Int64
    var pending = ByteBuffer()
    var index: Int64 = -1

    init(
        cipher: ChunkedCipher,
        chunks: ClosedRange<Int64>,
        chunkCount: Int64,
        plaintextSize: Int64,
        skip: Int64,
        remaining: Int64
    ) {
        self.cipher = cipher
        self.chunks = chunks
        self.chunkCount = chunkCount
        self.plaintextSize = plaintextSize
        self.skip = skip
        self.remaining = remaining
        index = chunks.lowerBound
    }

    mutating func next<Iterator: AsyncIteratorProtocol>(from iterator: inout Iterator) async throws -> ByteBuffer?
    where Iterator.Element == ByteBuffer {
        guard remaining > 0, index <= chunks.upperBound else { return nil }
        let isLast = index == chunkCount - 1
        let plaintextLength = isLast ? plaintextSize - index * Int64(cipher.chunkSize) : Int64(cipher.chunkSize)
        let sealedLength = Int(plaintextLength) + ChunkedCipher.tagSize
        while pending.readableBytes < sealedLength {
            guard var chunk = try await iterator.next() else {
                throw StorageError.corrupt("the stored object ends inside chunk \(index)")
            }
            pending.discardReadBytes()
            pending.writeBuffer(&chunk)
        }
        let sealed = pending.readSlice(length: sealedLength)!
        var plaintext = try cipher.open(sealed, index: index, isLast: isLast)
        index += 1
        plaintext.moveReaderIndex(forwardBy: Int(skip))
        skip = 0
        if Int64(plaintext.readableBytes) > remaining {
            plaintext = plaintext.getSlice(at: plaintext.readerIndex, length: Int(remaining))!
        }
        remaining -= Int64(plaintext.readableBytes)
        return plaintext
    }
}
