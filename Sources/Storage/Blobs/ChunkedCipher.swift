import Crypto
import Foundation
import NIOCore

/// The at-rest format of an encrypted blob: a header (`DCNE`, version, log2 of the chunk size, 16 random salt
/// bytes), then the plaintext in fixed-size chunks, each sealed with AES-256-GCM (ciphertext followed by its 16-byte
/// tag). Each object has its own key, derived from the master key and its salt with HKDF-SHA256; chunk `i` uses the
/// nonce `flags ‖ i` (64-bit big endian), with the top flag bit set on the last chunk so truncation is detected.
/// Fixed-size chunks let a byte range be read by fetching and opening only the chunks it touches.
struct ChunkedCipher: Sendable {
    static let magic: [UInt8] = Array("DCNE".utf8)
    static let version: UInt8 = 1
    static let headerSize = 22
    static let tagSize = 16

    let chunkSize: Int
    let key: SymmetricKey
    let salt: [UInt8]

    /// A cipher for a new object, with a fresh salt.
    init(masterKey: SymmetricKey, chunkShift: UInt8 = 16) {
        var generator = SystemRandomNumberGenerator()
        self.init(masterKey: masterKey, chunkShift: chunkShift, salt: (0..<16).map { _ in generator.next() })
    }

    init(masterKey: SymmetricKey, chunkShift: UInt8, salt: [UInt8]) {
        chunkSize = 1 << Int(chunkShift)
        self.salt = salt
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey, salt: salt, info: Array("discordination blob v1".utf8), outputByteCount: 32
        )
    }

    /// Reads a header; throws `corrupt` when it is not one.
    init(masterKey: SymmetricKey, header: ByteBuffer) throws(StorageError) {
        let bytes = Array(header.readableBytesView.prefix(Self.headerSize))
        guard bytes.count == Self.headerSize, Array(bytes[0..<4]) == Self.magic, bytes[4] == Self.version,
            (10...24).contains(bytes[5])
        else { throw .corrupt("the object is not in Discordination's encrypted format (or is truncated)") }
        self.init(masterKey: masterKey, chunkShift: bytes[5], salt: Array(bytes[6..<22]))
    }

    var header: ByteBuffer {
        var buffer = ByteBuffer(bytes: Self.magic)
        buffer.writeInteger(Self.version)
        buffer.writeInteger(UInt8(chunkSize.trailingZeroBitCount))
        buffer.writeBytes(salt)
        return buffer
    }

    /// Seals one chunk and appends ciphertext and tag to `output`.
    func seal(_ plaintext: ByteBuffer, index: Int64, isLast: Bool, into output: inout ByteBuffer) throws {
        let box = try plaintext.withUnsafeReadableBytes { bytes in
            try AES.GCM.seal(bytes, using: key, nonce: nonce(index: index, isLast: isLast))
        }
        box.ciphertext.withUnsafeBytes { output.writeBytes($0) }
        box.tag.withUnsafeBytes { output.writeBytes($0) }
    }

    func open(_ sealed: ByteBuffer, index: Int64, isLast: Bool) throws(StorageError) -> ByteBuffer {
        guard sealed.readableBytes >= Self.tagSize else { throw .corrupt("chunk \(index) is shorter than its tag") }
        do {
            let plaintext = try sealed.withUnsafeReadableBytes { bytes in
                let split = bytes.count - Self.tagSize
                let box = try AES.GCM.SealedBox(
                    nonce: nonce(index: index, isLast: isLast),
                    ciphertext: UnsafeRawBufferPointer(rebasing: bytes[..<split]),
                    tag: UnsafeRawBufferPointer(rebasing: bytes[split...])
                )
                return try AES.GCM.open(box, using: key)
            }
            return plaintext.withUnsafeBytes { ByteBuffer(bytes: $0) }
        } catch {
            throw .corrupt("chunk \(index) fails authentication (wrong storage.encryption_key, or altered bytes)")
        }
    }

    private func nonce(index: Int64, isLast: Bool) -> AES.GCM.Nonce {
        var bytes: [UInt8] = [isLast ? 0x80 : 0, 0, 0, 0]
        withUnsafeBytes(of: UInt64(index).bigEndian) { bytes += $0 }
        return try! AES.GCM.Nonce(data: bytes)
    }

    // MARK: sizes

    /// The plaintext size of a stored object of `storedSize` bytes with chunks of `chunkSize`.
    static func plaintextSize(storedSize: Int64, chunkSize: Int) throws(StorageError) -> Int64 {
        let body = storedSize - Int64(headerSize)
        guard body >= Int64(tagSize) else { throw .corrupt("an encrypted object of \(storedSize) bytes is truncated") }
        let sealedChunk = Int64(chunkSize + tagSize)
        let chunks = (body + sealedChunk - 1) / sealedChunk
        return body - chunks * Int64(tagSize)
    }

    /// How many chunks a plaintext of `size` bytes is cut into (at least one, possibly empty).
    func chunkCount(plaintextSize size: Int64) -> Int64 {
        max(1, (size + Int64(chunkSize) - 1) / Int64(chunkSize))
    }

    /// Where chunk `index` starts in the stored object.
    func storedOffset(ofChunk index: Int64) -> Int64 {
        Int64(Self.headerSize) + index * Int64(chunkSize + Self.tagSize)
    }
}
