import Cleanup
import Foundation
import Storage
import TestSupport
import Testing

/// Each pass on its own, on SQLite with a disk store and on PostgreSQL with SeaweedFS.
@Suite struct CleanupPassTests {
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400

    func bytes(_ seed: Int, count: Int = 100) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7) }
    }

    @Test(arguments: CleanupBackend.allCases)
    func danglingUploadsAreMarkedButAttachedReportedAndRecentOnesAreNot(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let old = Date.now.addingTimeInterval(-2 * Self.hour)
            let dangling = try await fixture.upload(bytes(1), uploadedAt: old)
            let recent = try await fixture.upload(bytes(2))
            let attached = try await fixture.upload(bytes(3), uploadedAt: old)
            #expect(try await fixture.metadata.attach(fileID: attached.id, to: FileUsage(type: "Message", id: "m1")))
            let reported = try await fixture.upload(bytes(4), uploadedAt: old)
            #expect(try await fixture.metadata.setReported(fileID: reported.id, true))

            let report = await fixture.cleaner(CleanupSettings(danglingAfter: .seconds(3600))).run(passes: [.dangling])
            #expect(report.succeeded, "\(report.errors)")
            #expect(report.passes.first?.filesMarked == 1)
            #expect(try await fixture.metadata.file(id: dangling.id)?.deleted == true)
            for kept in [recent, attached, reported] {
                #expect(try await fixture.metadata.file(id: kept.id)?.deleted == false, "\(kept.id)")
            }
        }
    }

    @Test(arguments: CleanupBackend.allCases)
    func deletedFilesGoAfterRetentionAndSharedBytesStay(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let longAgo = Date.now.addingTimeInterval(-40 * Self.day)
            // Two records of the same bytes: one deleted long ago, one alive.
            let sharedGone = try await fixture.upload(bytes(10))
            let sharedAlive = try await fixture.upload(bytes(10))
            #expect(sharedGone.hash == sharedAlive.hash)
            #expect(try await fixture.metadata.markDeleted(fileID: sharedGone.id, at: longAgo))
            // One record alone, with a variant: everything of it goes.
            let alone = try await fixture.upload(bytes(11, count: 300))
            let variant = try await fixture.addVariant("thumb", hash: alone.hash)
            let aloneKey = try #require(try await fixture.metadata.object(hash: alone.hash)).storageKey
            #expect(try await fixture.metadata.markDeleted(fileID: alone.id, at: longAgo))
            // Deleted yesterday, and deleted long ago but reported: both stay.
            let yesterday = try await fixture.upload(bytes(12))
            #expect(
                try await fixture.metadata.markDeleted(fileID: yesterday.id, at: .now.addingTimeInterval(-Self.day)))
            let reported = try await fixture.upload(bytes(13))
            #expect(try await fixture.metadata.markDeleted(fileID: reported.id, at: longAgo))
            #expect(try await fixture.metadata.setReported(fileID: reported.id, true))

            let report = await fixture.cleaner(CleanupSettings()).run(passes: [.deletion])
            let deletion = try #require(report.passes.first)
            #expect(report.succeeded, "\(report.errors)")
            #expect(deletion.filesRemoved == 2)
            #expect(deletion.objectsRemoved == 1)
            #expect(deletion.bytesFreed == 300 + 64)
            #expect(try await fixture.metadata.file(id: sharedGone.id) == nil)
            #expect(try await fixture.metadata.object(hash: sharedAlive.hash)?.refs == 1)
            #expect(try await fixture.metadata.object(hash: alone.hash) == nil)
            let listing = try await fixture.listing()
            #expect(listing[aloneKey] == nil && listing[variant] == nil, "the object and its variant are gone")
            #expect(try await fixture.metadata.file(id: yesterday.id) != nil)
            #expect(try await fixture.metadata.file(id: reported.id) != nil)
            #expect(try await fixture.metadata.referenceMismatches().isEmpty)
        }
    }

    @Test(arguments: CleanupBackend.allCases)
    func theSweepRemovesUnnamedBlobsAndReportsMissingObjects(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let kept = try await fixture.upload(bytes(20))
            let keptVariant = try await fixture.addVariant("thumb", hash: kept.hash)
            let orphan = try await fixture.putOrphan(bytes(21, count: 50))
            let strayVariant = "variants/\(kept.hash)/old.webp"
            _ = try await fixture.blobs.put(
                SingleBuffer(.init(bytes: bytes(22, count: 40))), key: strayVariant, contentType: nil)
            let lostVariant = "variants/\(String(repeating: "0", count: 64))/thumb.webp"
            _ = try await fixture.blobs.put(
                SingleBuffer(.init(bytes: bytes(23, count: 30))), key: lostVariant, contentType: nil)
            let proxied = "proxy/" + String(repeating: "a", count: 64)
            _ = try await fixture.blobs.put(
                SingleBuffer(.init(bytes: bytes(24, count: 20))), key: proxied, contentType: nil)
            // A record whose bytes vanished from the store.
            let missing = try await fixture.upload(bytes(25))
            let missingKey = try #require(try await fixture.metadata.object(hash: missing.hash)).storageKey
            try await fixture.blobs.delete(missingKey)
            // A picture whose upload was replaced by its stripped original, as the media job does: not missing.
            let stripped = try await fixture.upload(bytes(26))
            let strippedKey = try await fixture.addVariant(StoredObject.strippedOriginalVariant, hash: stripped.hash)
            try await fixture.blobs.delete(
                try #require(try await fixture.metadata.object(hash: stripped.hash)).storageKey)
            try await Task.sleep(for: .milliseconds(1100))

            var settings = CleanupSettings(danglingAfter: .seconds(1), pageSize: 2)
            settings.proxyMediaTTL = .seconds(1)
            let report = await fixture.cleaner(settings).run(passes: [.sweep])
            let sweep = try #require(report.passes.first)
            #expect(report.succeeded, "\(report.errors)")
            #expect(sweep.objectsRemoved == 3)
            #expect(sweep.proxyMediaRemoved == 1)
            #expect(sweep.bytesFreed == 50 + 40 + 30 + 20)
            #expect(sweep.objectsMissing == 1)
            let listing = Set(try await fixture.listing().keys)
            let keptKey = try #require(try await fixture.metadata.object(hash: kept.hash)).storageKey
            #expect(listing == [keptKey, keptVariant, strippedKey])
            #expect(!listing.contains(orphan))
            let reported = try #require(try await fixture.metadata.file(id: missing.id))
            #expect(reported.processing == .failed)
            #expect(reported.processingError == "the stored object is missing")
            #expect(try await fixture.metadata.file(id: kept.id)?.processing == .pending, "untouched")
            #expect(try await fixture.metadata.file(id: stripped.id)?.processing == .pending, "not reported missing")
        }
    }

    /// Within the grace period nothing is swept: an upload whose bytes are stored but whose record is not yet
    /// written keeps them, and so does an upload racing a running sweep.
    @Test(arguments: CleanupBackend.allCases)
    func anUploadRacingASweepKeepsItsBytes(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let cleaner = fixture.cleaner(CleanupSettings(pageSize: 3))
            let inFlight = try await fixture.putOrphan(bytes(30))
            _ = await cleaner.run(passes: [.sweep])
            #expect(try await fixture.blobs.head(inFlight) != nil, "bytes of an upload in flight stay")

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<15 {
                        try await fixture.upload(self.bytes(100 + index))
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
                group.addTask {
                    for _ in 0..<5 { #expect(await cleaner.run(passes: [.sweep]).succeeded) }
                }
                try await group.waitForAll()
            }
            let listing = try await fixture.listing()
            for object in try await fixture.allObjects() {
                #expect(listing[object.storageKey] != nil, "the bytes of \(object.hash) are stored")
            }
            #expect(try await fixture.allObjects().count == 15)
        }
    }

    @Test(arguments: CleanupBackend.allCases)
    func aDryRunChangesNothing(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let old = Date.now.addingTimeInterval(-2 * Self.hour)
            for index in 0..<5 { try await fixture.upload(bytes(40 + index), uploadedAt: old) }
            let deleted = try await fixture.upload(bytes(50))
            _ = try await fixture.addVariant("thumb", hash: deleted.hash)
            #expect(try await fixture.metadata.markDeleted(fileID: deleted.id, at: old))
            _ = try await fixture.putOrphan(bytes(51))
            let databaseBefore = try await fixture.databaseDump()
            let listingBefore = try await fixture.listing()

            var settings = CleanupSettings.immediate
            settings.dryRun = true
            let report = await fixture.cleaner(settings).run()
            #expect(report.succeeded && report.dryRun, "\(report.errors)")
            #expect(report.passes.map(\.filesMarked) == [5, 0, 0])
            #expect(report.passes[1].filesRemoved == 1 && report.passes[1].objectsRemoved == 1)
            #expect(report.passes[2].objectsRemoved >= 1, "the orphan would be swept")

            #expect(try await fixture.databaseDump() == databaseBefore)
            #expect(try await fixture.listing() == listingBefore)
        }
    }

    @Test(arguments: CleanupBackend.allCases)
    func theCapStopsARunWhereEverythingLooksOrphaned(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let old = Date.now.addingTimeInterval(-2 * Self.hour)
            for index in 0..<25 { try await fixture.upload(bytes(60 + index), uploadedAt: old) }
            var settings = CleanupSettings.immediate
            settings.maxDeletesPerRun = 10
            let report = await fixture.cleaner(settings).run()
            #expect(report.capped)
            #expect(!report.succeeded)
            #expect(report.passes.count == 1, "the run stopped in the dangling pass")
            #expect(report.passes[0].filesMarked == 10)
            #expect(try await fixture.allFiles().filter(\.deleted).count == 10)
            #expect(try await fixture.listing().count == 25, "no bytes were removed")
        }
    }

    /// A run stopped part-way (cancelled while paced) and then run again removes every eligible file exactly once.
    @Test(arguments: CleanupBackend.allCases)
    func anInterruptedRunResumesWithoutDoubleDeleting(backend: CleanupBackend) async throws {
        try await CleanupFixture.with(backend) { fixture in
            let longAgo = Date.now.addingTimeInterval(-40 * Self.day)
            for index in 0..<30 {
                let file = try await fixture.upload(bytes(200 + index))
                #expect(try await fixture.metadata.markDeleted(fileID: file.id, at: longAgo))
            }
            var paced = CleanupSettings.immediate
            paced.maxDeletesPerSecond = 40
            let cleaner = fixture.cleaner(paced)
            let interrupted = Task { await cleaner.run(passes: [.deletion]) }
            try await Task.sleep(for: .milliseconds(300))
            interrupted.cancel()
            let first = await interrupted.value
            #expect(!first.succeeded, "the first run was interrupted")
            let second = await fixture.cleaner(.immediate).run(passes: [.deletion])
            #expect(second.succeeded, "\(second.errors)")
            let removed = first.passes[0].filesRemoved + second.passes[0].filesRemoved
            let freed = first.passes[0].objectsRemoved + second.passes[0].objectsRemoved
            #expect(first.passes[0].filesRemoved > 0 && first.passes[0].filesRemoved < 30)
            #expect(removed == 30)
            #expect(freed == 30)
            #expect(try await fixture.allFiles().isEmpty)
            #expect(try await fixture.allObjects().isEmpty)
            #expect(try await fixture.listing().isEmpty)
        }
    }
}
