import Foundation
import Storage

/// Lists the whole blob store a page at a time and removes what no record names: originals no object points at,
/// variants their object does not list (or whose object is gone), and link-proxy media past its time. Only blobs
/// older than the grace period are candidates, so an upload or a media job in flight is never swept, and each page's
/// candidates are looked up in the database after they were listed, just before they go. Then walks the objects and
/// reports (marks failed) those whose original (the stripped original when the media job made one) the listing did
/// not have. Memory stays flat: a page of keys and a fixed-size filter.
struct StorageSweep {
    let run: CleanupRun

    func execute(_ report: inout PassReport) async throws {
        let cutoff = run.cutoff(run.settings.danglingAfter)
        let proxyCutoff = run.settings.proxyMediaTTL.map { run.cutoff($0) }
        var listed = KeyFilter()
        var continuation: String?
        repeat {
            try Task.checkCancellation()
            let page = try await run.blobs.list(prefix: "", continuation: continuation, limit: run.settings.pageSize)
            continuation = page.continuation
            for blob in page.objects { listed.insert(blob.key) }
            report.examined += page.objects.count
            run.progress(CleanupProgress(pass: .sweep, examined: report.examined))

            let orphans = try await unnamed(page.objects.filter { $0.lastModified < cutoff })
            guard try await remove(orphans, report: &report, proxy: false) else { return }
            let expired = page.objects.filter { blob in
                BlobOwner(key: blob.key) == .proxyMedia && proxyCutoff.map { blob.lastModified < $0 } == true
            }
            guard try await remove(expired, report: &report, proxy: true) else { return }
        } while continuation != nil
        try await reportMissing(listed: listed, report: &report)
    }

    /// The blobs among `blobs` that no object names, asked of the database in two queries.
    private func unnamed(_ blobs: [BlobInfo]) async throws -> [BlobInfo] {
        var originals: [String] = []
        var variantHashes: Set<String> = []
        for blob in blobs {
            switch BlobOwner(key: blob.key) {
            case .original: originals.append(blob.key)
            case .variant(let hash): variantHashes.insert(hash)
            case .proxyMedia: break
            }
        }
        let named = Set(try await run.metadata.objects(storageKeys: originals).map(\.storageKey))
        var variantKeys: Set<String> = []
        for object in try await run.metadata.objects(hashes: Array(variantHashes)) {
            variantKeys.formUnion(object.variants.values.map(\.key))
        }
        return blobs.filter { blob in
            switch BlobOwner(key: blob.key) {
            case .original: !named.contains(blob.key)
            case .variant: !variantKeys.contains(blob.key)
            case .proxyMedia: false
            }
        }
    }

    /// Removes `blobs` within the budget; false when the cap stopped it.
    private func remove(_ blobs: [BlobInfo], report: inout PassReport, proxy: Bool) async throws -> Bool {
        let what = proxy ? "expired proxy media" : "unreferenced blob"
        for blob in blobs {
            if run.settings.dryRun {
                run.logger.info("would remove \(what)", metadata: ["key": "\(blob.key)", "size": "\(blob.size)"])
            } else {
                guard try await run.budget.take() == 1 else { return false }
                do {
                    try await run.blobs.delete(blob.key)
                } catch {
                    report.errors.append("cannot delete blob \(blob.key): \(error)")
                    continue
                }
                run.logger.info("removed \(what)", metadata: ["key": "\(blob.key)", "size": "\(blob.size)"])
            }
            report.bytesFreed += blob.size
            if proxy { report.proxyMediaRemoved += 1 } else { report.objectsRemoved += 1 }
        }
        return true
    }

    /// Objects whose original was not listed are looked up once more (one created after the listing passed its key
    /// is there) and, when really missing, their records are marked failed and the object reported.
    private func reportMissing(listed: KeyFilter, report: inout PassReport) async throws {
        var after: String?
        while true {
            try Task.checkCancellation()
            let page = try await run.metadata.objects(after: after, limit: run.settings.pageSize)
            guard let last = page.last else { return }
            after = last.hash
            for object in page where !listed.mightContain(object.originalKey) {
                guard try await run.blobs.head(object.originalKey) == nil else { continue }
                report.objectsMissing += 1
                let files = run.settings.dryRun ? [] : try await run.metadata.markObjectMissing(hash: object.hash)
                run.logger.error(
                    "stored object is missing",
                    metadata: ["hash": "\(object.hash)", "key": "\(object.originalKey)", "files": "\(files)"])
            }
        }
    }
}
