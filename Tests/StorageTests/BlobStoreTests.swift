import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// One suite, every backend: disk, S3 (SeaweedFS with signature checking), and both encrypted.
@Suite struct BlobStoreTests {
    @Test(arguments: BlobBackend.allCases)
    func putGetHeadDelete(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let key = uniquePrefix("roundtrip") + "hello.txt"
        let bytes = Array("hello, blobs".utf8)
        let info = try await store.put(bodyOf(bytes), key: key, contentType: "text/plain")
        #expect(info.size == Int64(bytes.count))
        let download = try await store.get(key, range: nil)
        #expect(download.info.size == Int64(bytes.count))
        #expect(download.range == nil)
        #expect(try await download.body.bytes() == bytes)
        #expect(try await store.head(key)?.size == Int64(bytes.count))

        let replacement = Array("replaced whole".utf8)
        _ = try await store.put(bodyOf(replacement), key: key, contentType: nil)
        #expect(try await store.get(key, range: nil).body.bytes() == replacement)

        try await store.delete(key)
        #expect(try await store.head(key) == nil)
        await #expect(throws: StorageError.self) { _ = try await store.get(key, range: nil) }
        try await store.delete(key)
    }

    @Test(arguments: BlobBackend.allCases)
    func emptyObjects(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let key = uniquePrefix("empty") + "nothing"
        let info = try await store.put(bodyOf([]), key: key, contentType: nil)
        #expect(info.size == 0)
        #expect(try await store.get(key, range: nil).body.bytes() == [])
        #expect(try await store.head(key)?.size == 0)
        await #expect(throws: StorageError.self) { _ = try await store.get(key, range: .from(0)) }
    }

    @Test(arguments: BlobBackend.allCases)
    func rangedReads(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let key = uniquePrefix("ranges") + "object.bin"
        let bytes = pseudoRandomBytes(200_003, seed: 7)
        _ = try await store.put(bodyOf(bytes, chunk: 10_000), key: key, contentType: nil)
        // Inside one encryption chunk, across chunk boundaries, the tail, the suffix, past the end.
        let cases: [(BlobRange, ClosedRange<Int>)] = [
            (.bytes(10...19), 10...19),
            (.bytes(65_530...131_080), 65_530...131_080),
            (.from(199_000), 199_000...200_002),
            (.suffix(70_000), 130_003...200_002),
            (.bytes(199_990...500_000), 199_990...200_002),
            (.bytes(0...0), 0...0),
        ]
        for (range, expected) in cases {
            let download = try await store.get(key, range: range)
            #expect(download.range == Int64(expected.lowerBound)...Int64(expected.upperBound), "\(range)")
            #expect(download.info.size == Int64(bytes.count))
            #expect(download.contentLength == Int64(expected.count))
            #expect(try await download.body.bytes() == Array(bytes[expected]), "\(range)")
        }
        await #expect(throws: StorageError.self) { _ = try await store.get(key, range: .from(200_003)) }
    }

    @Test(arguments: BlobBackend.allCases)
    func streamedPutOfUnknownSizeSpanningManyParts(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let key = uniquePrefix("large") + "video.mp4"
        let body = ChunkedBody(17 * 1024 * 1024 + 12_345, chunk: 100_000, seed: 3)
        let info = try await store.put(body, key: key, contentType: "video/mp4")
        #expect(info.size == Int64(body.total))
        let (hash, size) = try await store.get(key, range: nil).body.sha256()
        #expect(size == body.total)
        #expect(hash == (try await body.sha256()))
        try await store.delete(key)
    }

    @Test(arguments: BlobBackend.allCases)
    func anInterruptedUploadStoresNothing(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let prefix = uniquePrefix("aborted")
        let key = prefix + "half"
        // Past two S3 parts, so a multipart upload is under way when the body fails.
        let body = ChunkedBody(30 * 1024 * 1024, failAfter: 12 * 1024 * 1024)
        await #expect(throws: ChunkedBody.Interrupted.self) {
            _ = try await store.put(body, key: key, contentType: nil)
        }
        #expect(try await store.head(key) == nil)
        #expect(try await store.list(prefix: prefix, continuation: nil, limit: 10).objects.isEmpty)
        if let s3 = (store as? S3BlobStore) ?? ((store as? EncryptedBlobStore)?.base as? S3BlobStore) {
            #expect(try await s3.pendingMultipartUploads(prefix: prefix).isEmpty, "parts were left behind")
        }
        if let disk = (store as? DiskBlobStore) ?? ((store as? EncryptedBlobStore)?.base as? DiskBlobStore) {
            let temporary = try FileManager.default.contentsOfDirectory(atPath: disk.root + "/.tmp")
            #expect(temporary.isEmpty, "a partial write was left in .tmp")
        }
    }

    @Test(arguments: BlobBackend.allCases)
    func listingPagesThroughAPrefix(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let prefix = uniquePrefix("list")
        let keys = (0..<7).map { "\(prefix)\($0 * 37 % 11)/object-\($0)" }
        for key in keys { _ = try await store.put(bodyOf(Array(key.utf8)), key: key, contentType: nil) }
        _ = try await store.put(bodyOf([1]), key: uniquePrefix("other") + "x", contentType: nil)

        var seen: [String] = []
        var continuation: String?
        var pages = 0
        repeat {
            let page = try await store.list(prefix: prefix, continuation: continuation, limit: 3)
            #expect(page.objects.count <= 3)
            for object in page.objects {
                seen.append(object.key)
                #expect(object.size == Int64(object.key.utf8.count))
            }
            continuation = page.continuation
            pages += 1
        } while continuation != nil && pages < 10
        #expect(seen.sorted() == keys.sorted())
        #expect(pages >= 3)
    }

    @Test(arguments: BlobBackend.allCases)
    func copyMakesAnIndependentObject(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        let prefix = uniquePrefix("copy")
        let bytes = pseudoRandomBytes(70_000, seed: 9)
        _ = try await store.put(bodyOf(bytes), key: prefix + "a", contentType: nil)
        try await store.copy(from: prefix + "a", to: prefix + "b")
        try await store.delete(prefix + "a")
        #expect(try await store.get(prefix + "b", range: nil).body.bytes() == bytes)
        #expect(
            try await store.get(prefix + "b", range: .bytes(65_000...65_999)).body.bytes()
                == Array(bytes[65_000...65_999]))
    }

    @Test(arguments: BlobBackend.allCases)
    func keysThatCouldEscapeAreRefused(backend: BlobBackend) async throws {
        let store = try await backend.makeStore()
        for key in [
            "", "../etc/passwd", "a/../../b", "/absolute", "a//b", "a/./b", "nul\u{0}byte", "back\\slash", "a/",
        ] {
            await #expect(throws: StorageError.self, "\(key.debugDescription)") {
                _ = try await store.put(bodyOf([1, 2, 3]), key: key, contentType: nil)
            }
            await #expect(throws: StorageError.self, "\(key.debugDescription)") { _ = try await store.head(key) }
        }
    }
}
