import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import App
@testable import Storage

/// The `cleanup` role end to end: the queue's cron fires `cleanup.sweep`, a worker runs it under the lease, and an
/// unattached upload disappears with its bytes.
@Suite struct ScheduledCleanupTests {
    @Test func theScheduleRunsCleanupThroughTheQueue() async throws {
        let data = TestEndpoints.temporaryDirectory("cleanup-scheduled")
        let configuration = try AppConfiguration.testing([
            "storage.data_dir": data, "http.port": "0", "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": "cleanup-sched-\(UUID().uuidString.prefix(8))",
            "redis.key_prefix": "cleanup-sched-\(UUID().uuidString.prefix(8))",
            "cleanup.schedule": "* * * * * *", "cleanup.dangling_after": "0s", "cleanup.retention": "0s",
        ])
        let app = try buildApplication(configuration, roles: [.cleanup])
        try await app.test(.live) { client in
            let blobs = try configuration.blobStore.openStore(logger: CleanupFixtureLog.logger)
            let fileID = try await MetadataStore.withStore(
                location: configuration.database, logger: CleanupFixtureLog.logger
            ) {
                metadata in
                let bytes = Array("never attached".utf8)
                _ = try await blobs.put(SingleBuffer(ByteBuffer(bytes: bytes)), key: "kscheduled1", contentType: nil)
                let file = FileRecord(
                    id: "fscheduled1", tag: "attachments", filename: "a.txt", contentType: "text/plain",
                    size: Int64(bytes.count), hash: "aa", uploadedAt: .now.addingTimeInterval(-60))
                _ = try await metadata.createFile(
                    file,
                    object: StoredObject(
                        hash: "aa", storageKey: "kscheduled1", size: Int64(bytes.count), contentType: "text/plain"))
                return file.id
            }
            let deadline = ContinuousClock.now + .seconds(20)
            // The record goes first, in its transaction; the object's bytes are freed just after it.
            var gone = false
            var bytesGone = false
            while !(gone && bytesGone) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                gone = try await MetadataStore.withStore(
                    location: configuration.database, logger: CleanupFixtureLog.logger
                ) {
                    try await $0.file(id: fileID) == nil
                }
                bytesGone = try await blobs.head("kscheduled1") == nil
            }
            #expect(gone, "a scheduled run removed the dangling upload")
            #expect(bytesGone, "and its bytes")
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
