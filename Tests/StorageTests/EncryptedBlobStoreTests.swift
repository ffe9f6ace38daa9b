import Crypto
import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// Encryption at rest: nothing readable is stored, and a wrong key, altered or truncated bytes are refused.
@Suite struct EncryptedBlobStoreTests {
    let root = TestEndpoints.temporaryDirectory("encrypted")

    func stores(key: SymmetricKey = BlobBackend.encryptionKey) throws -> (DiskBlobStore, EncryptedBlobStore) {
        let disk = try DiskBlobStore(root: root)
        return (disk, try EncryptedBlobStore(base: disk, key: key))
    }

    @Test func storedBytesAreNotThePlaintext() async throws {
        let (disk, encrypted) = try stores()
        let secret = Array(String(repeating: "GPS 51.5007 N, 0.1246 W; ", count: 10_000).utf8)
        _ = try await encrypted.put(bodyOf(secret), key: "photo", contentType: nil)
        let stored = try await disk.get("photo", range: nil).body.bytes()
        #expect(Array(stored.prefix(4)) == Array("DCNE".utf8))
        #expect(!String(decoding: stored, as: UTF8.self).contains("GPS 51.5007"))
        #expect(stored.count == secret.count + ChunkedCipher.headerSize + 4 * ChunkedCipher.tagSize)
        #expect(try await encrypted.get("photo", range: nil).body.bytes() == secret)
    }

    @Test func encryptedObjectsAreNeverLinkedOut() async throws {
        let (disk, encrypted) = try stores()
        _ = try await encrypted.put(bodyOf([1, 2, 3]), key: "photo", contentType: nil)
        let path = TestEndpoints.temporaryDirectory("encrypted-link") + "/input"
        #expect(try await encrypted.link("photo", to: path) == false)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try await disk.link("photo", to: path))
    }

    @Test func aWrongKeyIsRefused() async throws {
        let (_, encrypted) = try stores()
        _ = try await encrypted.put(bodyOf(pseudoRandomBytes(1000)), key: "k", contentType: nil)
        let (_, other) = try stores(key: SymmetricKey(size: .bits256))
        await #expect(throws: StorageError.self) { _ = try await other.get("k", range: nil).body.bytes() }
    }

    @Test func alteredOrTruncatedObjectsAreRefused() async throws {
        let (disk, encrypted) = try stores()
        let bytes = pseudoRandomBytes(150_000, seed: 5)
        _ = try await encrypted.put(bodyOf(bytes), key: "original", contentType: nil)
        var stored = try await disk.get("original", range: nil).body.bytes()

        stored[100_000] ^= 1
        _ = try await disk.put(bodyOf(stored), key: "altered", contentType: nil)
        await #expect(throws: StorageError.self) { _ = try await encrypted.get("altered", range: nil).body.bytes() }
        // Chunks that were not touched still read.
        #expect(try await encrypted.get("altered", range: .bytes(0...999)).body.bytes() == Array(bytes[0...999]))

        stored[100_000] ^= 1
        let twoChunks = Array(stored.prefix(ChunkedCipher.headerSize + 2 * (65_536 + ChunkedCipher.tagSize)))
        _ = try await disk.put(bodyOf(twoChunks), key: "truncated", contentType: nil)
        await #expect(throws: StorageError.self) { _ = try await encrypted.get("truncated", range: nil).body.bytes() }
    }

    @Test func keysParseFromHexOrBase64Only() throws {
        let hex = String(repeating: "ab", count: 32)
        #expect(try EncryptedBlobStore.parseKey(hex).bitCount == 256)
        #expect(try EncryptedBlobStore.parseKey(Data(repeating: 7, count: 32).base64EncodedString()).bitCount == 256)
        #expect(throws: StorageError.self) { try EncryptedBlobStore.parseKey("too-short") }
        #expect(throws: StorageError.self) { try EncryptedBlobStore.parseKey(Data(count: 16).base64EncodedString()) }
    }
}
