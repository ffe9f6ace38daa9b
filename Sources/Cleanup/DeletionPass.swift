import Foundation
import Storage

/// Removes the records of files deleted longer ago than the retention period (reported ones stay), and with the
/// last record of an object, the object and its variants. The record and the reference count change in one
/// transaction; the object row is claimed only while its count is zero, so an upload of the same bytes that
/// arrives meanwhile keeps it. A run stopped between the two steps leaves an object at zero, which the next run
/// frees first.
struct DeletionPass {
    let run: CleanupRun

    /// What freeing one object did.
    struct Freed: Sendable {
        var objects = 0
        var bytes: Int64 = 0
        var errors: [String] = []
    }

    func execute(_ report: inout PassReport) async throws {
        try await freeLeftovers(&report)
        if await run.budget.exhausted { return }
        let cutoff = run.cutoff(run.settings.retention)
        var cursor: FileCursor?
        var counted: Set<String> = []
        while true {
            try Task.checkCancellation()
            let page = try await run.metadata.deletedFiles(
                deletedBefore: cutoff, after: cursor, limit: run.settings.pageSize)
            guard let last = page.last else { return }
            cursor = FileCursor(time: last.deletedAt ?? last.uploadedAt, id: last.id)
            report.examined += page.count
            run.progress(CleanupProgress(pass: .deletion, examined: report.examined))
            for file in page {
                if run.settings.dryRun {
                    try await wouldRemove(file, cutoff: cutoff, counted: &counted, report: &report)
                    continue
                }
                guard try await run.budget.take() == 1 else { return }
                let (removed, freed) = try await run.uninterrupted { [run] in
                    guard let object = try await run.metadata.removeDeletedFile(id: file.id, deletedBefore: cutoff)
                    else { return (false, Freed()) }
                    run.logger.info("removed deleted file", metadata: ["file": "\(file.id)", "hash": "\(file.hash)"])
                    return (true, object.refs <= 0 ? try await Self.free(hash: object.hash, run: run) : Freed())
                }
                if removed { report.filesRemoved += 1 }
                add(freed, to: &report)
            }
        }
    }

    private func add(_ freed: Freed, to report: inout PassReport) {
        report.objectsRemoved += freed.objects
        report.bytesFreed += freed.bytes
        report.errors += freed.errors
    }

    /// Objects already at zero references (a run stopped after removing their last record).
    private func freeLeftovers(_ report: inout PassReport) async throws {
        var after: String?
        while true {
            try Task.checkCancellation()
            let page = try await run.metadata.unreferencedObjects(after: after, limit: run.settings.pageSize)
            guard let last = page.last else { return }
            after = last.hash
            report.examined += page.count
            for object in page {
                if run.settings.dryRun {
                    run.logger.info("would remove unreferenced object", metadata: ["hash": "\(object.hash)"])
                    report.objectsRemoved += 1
                    report.bytesFreed += object.size + object.variants.values.map(\.size).reduce(0, +)
                    continue
                }
                guard try await run.budget.take() == 1 else { return }
                add(
                    try await run.uninterrupted { [run] in try await Self.free(hash: object.hash, run: run) },
                    to: &report)
            }
        }
    }

    /// Claims the object if it is still unreferenced, then deletes its blobs. Variant keys are named by the hash, so
    /// if the same bytes were uploaded again meanwhile, the new object's variants may already sit under them:
    /// they are then left to the new object (the sweep removes any the new object does not list).
    private static func free(hash: String, run: CleanupRun) async throws -> Freed {
        guard let claimed = try await run.metadata.claimUnreferencedObject(hash: hash) else { return Freed() }
        var blobs: [(key: String, size: Int64)] = [(claimed.storageKey, claimed.size)]
        if try await run.metadata.object(hash: hash) == nil {
            blobs += claimed.variants.values.sorted { $0.key < $1.key }.map { ($0.key, $0.size) }
        }
        let deleted = await run.deleteBlobs(blobs, of: hash)
        run.logger.info(
            "removed unreferenced object",
            metadata: ["hash": "\(hash)", "key": "\(claimed.storageKey)", "blobs": "\(blobs.count)"])
        return Freed(objects: 1, bytes: deleted.freed, errors: deleted.errors)
    }

    private func wouldRemove(
        _ file: FileRecord, cutoff: Date, counted: inout Set<String>, report: inout PassReport
    ) async throws {
        run.logger.info("would remove deleted file", metadata: ["file": "\(file.id)", "hash": "\(file.hash)"])
        report.filesRemoved += 1
        guard !counted.contains(file.hash),
            try await run.metadata.survivingRecords(hash: file.hash, deletedBefore: cutoff) == 0,
            let object = try await run.metadata.object(hash: file.hash)
        else { return }
        counted.insert(file.hash)
        report.objectsRemoved += 1
        report.bytesFreed += object.size + object.variants.values.map(\.size).reduce(0, +)
    }
}
