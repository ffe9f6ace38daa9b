import Foundation
import TestSupport
import Testing

@testable import Storage

/// One suite, both databases: SQLite and the real PostgreSQL from `Deploy/services.sh`.
@Suite struct MetadataStoreTests {
    /// `discordination token revoke ID` must not read an id as an option.
    @Test func sessionIDsNeverStartWithADash() {
        let ids = (0..<5000).map { _ in MetadataStore.sessionID() }
        #expect(ids.allSatisfy { !$0.hasPrefix("-") && $0.count == 16 })
        #expect(Set(ids).count == ids.count)
    }

    static func hash(_ seed: Int) -> String {
        String(repeating: String(format: "%02x", seed % 256), count: 32)
    }

    static func file(_ id: String, hash: String, uploadedAt: Date = .now) -> FileRecord {
        FileRecord(
            id: id, tag: "attachments", filename: "\(id).png", contentType: "image/png", size: 1234, hash: hash,
            uploaderID: "user-1", uploadedAt: uploadedAt, metadata: #"{"type":"Image","width":4,"height":3}"#
        )
    }

    static func object(hash: String, key: String) -> StoredObject {
        StoredObject(hash: hash, storageKey: key, size: 1234, contentType: "image/png")
    }

    @Test(arguments: MetadataBackend.allCases)
    func migrationsRunOnceAndReportStatus(backend: MetadataBackend) async throws {
        try await MetadataStore.withStore(location: try await backend.location(), logger: logger) { store in
            let before = try await store.schemaStatus()
            #expect(before.pending.map(\.version) == MetadataMigration.all.map(\.version))
            #expect(try await store.migrate() == MetadataMigration.all.map(\.version))
            #expect(try await store.migrate() == [])
            let after = try await store.schemaStatus()
            #expect(after.isCurrent)
            #expect(after.steps.allSatisfy { $0.appliedAt != nil })
            #expect(after.unknownVersions.isEmpty)
        }
    }

    @Test(arguments: MetadataBackend.allCases)
    func concurrentStartUpsMigrateOnce(backend: MetadataBackend) async throws {
        let location = try await backend.location()
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await MetadataStore.withStore(location: location, logger: logger) { try await $0.migrate() }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied == MetadataMigration.all.map(\.version))
    }

    @Test(arguments: MetadataBackend.allCases)
    func recordsRoundTripAndDuplicatesShareOneObject(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let hash = Self.hash(1)
            let first = try await store.createFile(
                Self.file("f1", hash: hash), object: Self.object(hash: hash, key: "k1"))
            #expect(!first.deduplicated)
            #expect(first.object.refs == 1)
            let second = try await store.createFile(
                Self.file("f2", hash: hash), object: Self.object(hash: hash, key: "k2"))
            #expect(second.deduplicated)
            #expect(second.object.storageKey == "k1")
            #expect(second.object.refs == 2)

            let loaded = try await store.file(id: "f1")
            #expect(loaded == Self.file("f1", hash: hash, uploadedAt: first.file.uploadedAt))
            #expect(try await store.files(hash: hash).map(\.id) == ["f1", "f2"])
            #expect(try await store.file(id: "missing") == nil)

            await #expect(throws: StorageError.conflict("a file with id f1 exists already")) {
                _ = try await store.createFile(Self.file("f1", hash: hash), object: Self.object(hash: hash, key: "k3"))
            }
            #expect(try await store.object(hash: hash)?.refs == 2, "a refused record must not count a reference")
        }
    }

    @Test(arguments: MetadataBackend.allCases)
    func attachDeleteReportAndProcessing(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let hash = Self.hash(2)
            _ = try await store.createFile(Self.file("a", hash: hash), object: Self.object(hash: hash, key: "k"))
            #expect(try await store.attach(fileID: "a", to: FileUsage(type: "Message", id: "m1")))
            #expect(!(try await store.attach(fileID: "a", to: FileUsage(type: "Message", id: "m2"))))
            #expect(try await store.file(id: "a")?.usedFor == FileUsage(type: "Message", id: "m1"))

            #expect(try await store.setProcessing(fileID: "a", .ready, metadata: #"{"type":"Image","width":9}"#))
            let processed = try await store.file(id: "a")
            #expect(processed?.processing == .ready)
            #expect(processed?.metadata == #"{"type":"Image","width":9}"#)
            #expect(try await store.setProcessing(fileID: "a", .failed, error: "decoder refused it"))
            #expect(try await store.file(id: "a")?.metadata == #"{"type":"Image","width":9}"#)
            #expect(try await store.file(id: "a")?.processingError == "decoder refused it")

            #expect(try await store.setReported(fileID: "a", true))
            #expect(try await store.markDeleted(fileID: "a"))
            #expect(!(try await store.markDeleted(fileID: "a")))
            let deleted = try await store.file(id: "a")
            #expect(deleted?.deleted == true)
            #expect(deleted?.reported == true)
            #expect(deleted?.deletedAt != nil)
        }
    }

    @Test(arguments: MetadataBackend.allCases)
    func danglingAndDeletedFilesPageInOrder(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            for index in 0..<7 {
                let hash = Self.hash(10 + index)
                _ = try await store.createFile(
                    Self.file("d\(index)", hash: hash, uploadedAt: start.addingTimeInterval(Double(index))),
                    object: Self.object(hash: hash, key: "k\(index)")
                )
            }
            _ = try await store.attach(fileID: "d1", to: FileUsage(type: "UserAvatar", id: "u"))
            _ = try await store.setReported(fileID: "d2", true)
            _ = try await store.markDeleted(fileID: "d3", at: start.addingTimeInterval(100))

            var seen: [String] = []
            var cursor: FileCursor?
            repeat {
                let page = try await store.danglingFiles(
                    uploadedBefore: start.addingTimeInterval(6), after: cursor, limit: 2)
                seen += page.map(\.id)
                cursor = page.last.map { FileCursor(time: $0.uploadedAt, id: $0.id) }
            } while cursor != nil
            #expect(seen == ["d0", "d4", "d5"])

            _ = try await store.markDeleted(fileID: "d0", at: start.addingTimeInterval(50))
            _ = try await store.markDeleted(fileID: "d2", at: start.addingTimeInterval(10))
            let deleted = try await store.deletedFiles(
                deletedBefore: start.addingTimeInterval(100), after: nil, limit: 10)
            #expect(deleted.map(\.id) == ["d0", "d3"], "reported files are never offered for deletion")
            let later = try await store.deletedFiles(
                deletedBefore: start.addingTimeInterval(100),
                after: FileCursor(time: start.addingTimeInterval(50), id: "d0"), limit: 10
            )
            #expect(later.map(\.id) == ["d3"])
        }
    }

    @Test(arguments: MetadataBackend.allCases)
    func removingTheLastReferenceLetsTheObjectBeClaimedOnce(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let hash = Self.hash(3)
            _ = try await store.createFile(Self.file("r1", hash: hash), object: Self.object(hash: hash, key: "k"))
            _ = try await store.createFile(Self.file("r2", hash: hash), object: Self.object(hash: hash, key: "other"))
            #expect(
                try await store.setVariants(
                    ["thumb": StoredVariant(key: "k.thumb", contentType: "image/webp", size: 10, width: 4, height: 3)],
                    hash: hash
                ))
            #expect(try await store.removeFile(id: "r1")?.refs == 1)
            #expect(try await store.claimUnreferencedObject(hash: hash) == nil, "still referenced")
            let released = try await store.removeFile(id: "r2")
            #expect(released?.refs == 0)
            #expect(released?.allKeys == ["k", "k.thumb"])
            #expect(try await store.removeFile(id: "r2") == nil)
            #expect(try await store.claimUnreferencedObject(hash: hash)?.storageKey == "k")
            #expect(try await store.claimUnreferencedObject(hash: hash) == nil)
            #expect(try await store.object(hash: hash) == nil)
        }
    }

    /// Many uploads and removals of the same bytes at once: the count always equals the records.
    @Test(arguments: MetadataBackend.allCases)
    func concurrentCreatesAndRemovesKeepReferenceCountsRight(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let hashes = (0..<3).map { Self.hash(40 + $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        let hash = hashes[index % hashes.count]
                        _ = try await store.createFile(
                            Self.file("c\(index)", hash: hash), object: Self.object(hash: hash, key: "key-\(index)")
                        )
                        if index % 3 == 0 { _ = try await store.removeFile(id: "c\(index)") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.referenceMismatches().isEmpty)
            let total = try await store.objects(hashes: hashes).map(\.refs).reduce(0, +)
            #expect(total == 40)
        }
    }

    @Test(arguments: MetadataBackend.allCases)
    func sessionTokensAreStoredHashedAndExpire(backend: MetadataBackend) async throws {
        try await backend.withStore { store in
            let (session, token) = try await store.createSession(userID: "u1", kind: .session, name: "laptop")
            #expect(token.count >= 43)
            #expect(try await store.session(token: token, kind: .session)?.id == session.id)
            #expect(try await store.session(token: token, kind: .bot) == nil)
            #expect(try await store.session(token: token + "x", kind: .session) == nil)
            let stored = try await store.database.withConnection { connection in
                try await connection.raw("SELECT token_hash FROM sessions").all(
                    decodingColumn: "token_hash", as: String.self)
            }
            #expect(stored == [MetadataStore.tokenHash(token)])
            #expect(!stored.contains(token))

            let (_, expiring) = try await store.createSession(
                userID: "u1", kind: .bot, name: "bot", expiresAt: .now.addingTimeInterval(60)
            )
            #expect(try await store.session(token: expiring, kind: .bot) != nil)
            #expect(try await store.session(token: expiring, kind: .bot, now: .now.addingTimeInterval(120)) == nil)
            #expect(try await store.revokeSession(id: session.id))
            #expect(try await store.session(token: token, kind: .session) == nil)
        }
    }
}
