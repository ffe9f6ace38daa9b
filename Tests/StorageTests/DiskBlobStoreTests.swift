import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// What only the disk backend does: its layout, atomic writes, and clearing abandoned ones.
@Suite struct DiskBlobStoreTests {
    @Test func keysFanOutIntoTwoDirectoryLevels() throws {
        #expect(try DiskBlobStore.location(of: "abcdef/thumb") == .init(directory: "ab/cd", name: "abcdef%2Fthumb"))
        #expect(try DiskBlobStore.location(of: "a") == .init(directory: "a_/__", name: "a"))
        #expect(try DiskBlobStore.location(of: ".hidden") == .init(directory: "_h/id", name: "%2Ehidden"))
        #expect(throws: StorageError.self) { try DiskBlobStore.location(of: String(repeating: "é", count: 200)) }
    }

    @Test func readersNeverSeeAPartialObject() async throws {
        let root = TestEndpoints.temporaryDirectory("atomic")
        let store = try DiskBlobStore(root: root)
        let (body, feed) = AsyncStream<ByteBuffer>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await store.put(body, key: "abcdef", contentType: nil) }
            feed.yield(ByteBuffer(bytes: pseudoRandomBytes(3 * 1024 * 1024)))
            // The write has begun once its temporary file exists (a loaded machine may take a while to get there).
            let deadline = ContinuousClock.now + .seconds(15)
            while (try? FileManager.default.contentsOfDirectory(atPath: root + "/.tmp").count) != 1,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await store.head("abcdef") == nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.tmp").count == 1)
            feed.yield(ByteBuffer(bytes: [1, 2, 3]))
            feed.finish()
            try await group.waitForAll()
        }
        #expect(try await store.head("abcdef")?.size == 3 * 1024 * 1024 + 3)
        #expect(FileManager.default.fileExists(atPath: root + "/ab/cd/abcdef"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.tmp").isEmpty)
    }

    @Test func abandonedWritesAreRemovedOnlyWhenOld() throws {
        let root = TestEndpoints.temporaryDirectory("abandoned")
        let store = try DiskBlobStore(root: root)
        let old = root + "/.tmp/old"
        let fresh = root + "/.tmp/fresh"
        FileManager.default.createFile(atPath: old, contents: Data([1]))
        FileManager.default.createFile(atPath: fresh, contents: Data([1]))
        try FileManager.default.setAttributes(
            [.modificationDate: Date.now.addingTimeInterval(-7200)], ofItemAtPath: old)
        #expect(try store.removeAbandonedWrites(olderThan: .seconds(3600)) == 1)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: fresh))
    }

    @Test func aLinkedFileKeepsTheBytesAfterTheObjectGoes() async throws {
        let root = TestEndpoints.temporaryDirectory("link")
        let store = try DiskBlobStore(root: root)
        let bytes = pseudoRandomBytes(300_000)
        _ = try await store.put(bodyOf(bytes), key: "upload", contentType: nil)
        let work = TestEndpoints.temporaryDirectory("link-work") + "/input"
        #expect(try await store.link("upload", to: work))
        try await store.delete("upload")
        #expect(try await store.head("upload") == nil)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: work))) == bytes)
        await #expect(throws: StorageError.self) { try await store.link("upload", to: work + "2") }
        // Another file system (tmpfs) cannot hold a hard link: the caller is told to copy instead.
        _ = try await store.put(bodyOf(bytes), key: "upload", contentType: nil)
        var here = stat()
        var there = stat()
        #expect(stat(root, &here) == 0 && stat("/dev/shm", &there) == 0)
        let elsewhere = "/dev/shm/dcn-link-\(UUID().uuidString)"
        defer { unlink(elsewhere) }
        #expect(try await store.link("upload", to: elsewhere) == (here.st_dev == there.st_dev))
    }

    @Test func listingSkipsTemporaryFiles() async throws {
        let root = TestEndpoints.temporaryDirectory("skiptmp")
        let store = try DiskBlobStore(root: root)
        FileManager.default.createFile(atPath: root + "/.tmp/in-flight", contents: Data([1]))
        _ = try await store.put(bodyOf([1]), key: "done", contentType: nil)
        #expect(try await store.list(prefix: "", continuation: nil, limit: 10).objects.map(\.key) == ["done"])
    }
}
