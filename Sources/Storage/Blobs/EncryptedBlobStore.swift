import Crypto
import Foundation
import NIOCore

/// Encrypts every blob at rest with AES-256-GCM (`storage.encryption_key`) on top of another store, in the
/// chunked format of `ChunkedCipher`, so byte ranges are still served without reading whole objects. Sizes
/// reported by `head`, `get` and `list` are plaintext sizes.
public struct EncryptedBlobStore: BlobStore {
    public let base: any BlobStore
    let masterKey: SymmetricKey
    /// log2 of the plaintext chunk size for new objects (64 KiB).
    var chunkShift: UInt8 = 16

    public init(base: any BlobStore, key: SymmetricKey) throws(StorageError) {
        guard key.bitCount == 256 else {
            throw .invalidConfiguration("storage.encryption_key must be 32 bytes, got \(key.bitCount / 8)")
        }
        self.base = base
        masterKey = key
    }

    /// Reads `storage.encryption_key`: 32 bytes as 64 hex digits or as base64.
    public static func parseKey(_ text: String) throws(StorageError) -> SymmetricKey {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 64, trimmed.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = trimmed.startIndex
            while index < trimmed.endIndex {
                let next = trimmed.index(index, offsetBy: 2)
                bytes.append(UInt8(trimmed[index..<next], radix: 16)!)
                index = next
            }
            return SymmetricKey(data: bytes)
        }
        guard let data = Data(base64Encoded: trimmed), data.count == 32 else {
            throw .invalidConfiguration(
                "storage.encryption_key must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)"
            )
        }
        return SymmetricKey(data: data)
    }

    public func put<Body: AsyncSequence>(_ body: Body, key: String, contentType: String?) async throws -> BlobInfo
    where Body.Element == ByteBuffer {
        let cipher = ChunkedCipher(masterKey: masterKey, chunkShift: chunkShift)
        let sealed = EncryptingSequence(base: body, cipher: cipher)
        var info = try await base.put(sealed, key: key, contentType: contentType)
        info.size = try ChunkedCipher.plaintextSize(storedSize: info.size, chunkSize: cipher.chunkSize)
        return info
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobDownload {
        // The header (with the salt) and the stored size come first; then only the chunks the range touches.
        let headerDownload = try await base.get(key, range: .bytes(0...Int64(ChunkedCipher.headerSize - 1)))
        let header = try await headerDownload.body.collect(upTo: ChunkedCipher.headerSize)
        let cipher = try ChunkedCipher(masterKey: masterKey, header: header)
        let plaintextSize = try ChunkedCipher.plaintextSize(
            storedSize: headerDownload.info.size, chunkSize: cipher.chunkSize
        )
        var info = headerDownload.info
        info.size = plaintextSize
        let span = try range.map { try $0.resolved(size: plaintextSize) }
        guard let wanted = span ?? (plaintextSize > 0 ? 0...(plaintextSize - 1) : nil) else {
            return BlobDownload(info: info, range: nil, body: BlobBody { { nil } })
        }
        let chunkSize = Int64(cipher.chunkSize)
        let chunks = (wanted.lowerBound / chunkSize)...(wanted.upperBound / chunkSize)
        let storedEnd = min(cipher.storedOffset(ofChunk: chunks.upperBound + 1), headerDownload.info.size) - 1
        let stored = try await base.get(key, range: .bytes(cipher.storedOffset(ofChunk: chunks.lowerBound)...storedEnd))
        let decrypting = DecryptingReader(
            cipher: cipher,
            chunks: chunks,
            chunkCount: cipher.chunkCount(plaintextSize: plaintextSize),
            plaintextSize: plaintextSize,
            skip: wanted.lowerBound - chunks.lowerBound * chunkSize,
            remaining: wanted.upperBound - wanted.lowerBound + 1
        )
        let body = BlobBody {
            var reader = decrypting
            var iterator = stored.body.makeAsyncIterator()
            return { try await reader.next(from: &iterator) }
        }
        return BlobDownload(info: info, range: span, body: body)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        guard var info = try await base.head(key) else { return nil }
        info.size = try ChunkedCipher.plaintextSize(storedSize: info.size, chunkSize: 1 << Int(chunkShift))
        return info
    }

    public func delete(_ key: String) async throws {
        try await base.delete(key)
    }

    /// Sizes are computed for the current chunk size; objects written with another one report approximate sizes.
    public func list(prefix: String, continuation: String?, limit: Int) async throws -> BlobPage {
        var page = try await base.list(prefix: prefix, continuation: continuation, limit: limit)
        for index in page.objects.indices {
            page.objects[index].size =
                (try? ChunkedCipher.plaintextSize(storedSize: page.objects[index].size, chunkSize: 1 << Int(chunkShift)))
                ?? 0
        }
        return page
    }

    /// The stored bytes are copied as they are: the object key comes from the salt in the header, not the blob key.
    public func copy(from source: String, to destination: String) async throws {
        try await base.copy(from: source, to: destination)
    }
}
