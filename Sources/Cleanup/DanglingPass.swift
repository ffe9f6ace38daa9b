import Storage

/// Marks deleted the uploads nothing was attached to within the grace period (a picked file whose message was
/// never sent). Reported files are left alone. Paged by upload time, and each page marked in one statement that
/// re-checks every condition, so a file attached meanwhile is never marked.
struct DanglingPass {
    let run: CleanupRun

    func execute(_ report: inout PassReport) async throws {
        let cutoff = run.cutoff(run.settings.danglingAfter)
        var cursor: FileCursor?
        while true {
            try Task.checkCancellation()
            let page = try await run.metadata.danglingFiles(
                uploadedBefore: cutoff, after: cursor, limit: run.settings.pageSize)
            guard let last = page.last else { return }
            cursor = FileCursor(time: last.uploadedAt, id: last.id)
            report.examined += page.count
            run.progress(CleanupProgress(pass: .dangling, examined: report.examined))
            if run.settings.dryRun {
                for file in page {
                    run.logger.info(
                        "would mark dangling file deleted", metadata: ["file": "\(file.id)", "hash": "\(file.hash)"])
                }
                report.filesMarked += page.count
                continue
            }
            let granted = try await run.budget.take(page.count)
            let marked = try await run.metadata.markDangling(
                ids: page.prefix(granted).map(\.id), uploadedBefore: cutoff, at: .now)
            for file in marked {
                run.logger.info(
                    "marked dangling file deleted", metadata: ["file": "\(file.id)", "hash": "\(file.hash)"])
            }
            report.filesMarked += marked.count
            if granted < page.count { return }
        }
    }
}
