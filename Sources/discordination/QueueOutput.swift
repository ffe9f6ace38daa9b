import Foundation
import JobQueue

/// How `queue` commands print: aligned tables and lines for people, JSON for scripts.
enum QueueOutput {
    static func table(_ stats: [QueueStats]) -> String {
        guard !stats.isEmpty else { return "no queues yet" }
        let header = ["queue", "waiting", "pending", "oldest pending", "delayed", "dead", "length"]
        let rows = stats.map { stat in
            [
                stat.queue.rawValue, "\(stat.waiting)", "\(stat.pending)",
                stat.oldestPendingMilliseconds.map { milliseconds($0 * 1000) } ?? "-", "\(stat.delayed)",
                "\(stat.dead)", "\(stat.length)",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func lines(_ dead: [DeadJob]) -> String {
        guard !dead.isEmpty else { return "no dead jobs" }
        let formatter = ISO8601DateFormatter()
        return dead.map { job in
            let failed = formatter.string(from: Date(timeIntervalSince1970: Double(job.failedAt) / 1000))
            return "\(failed)  \(job.queue)  \(job.jobID)  \(job.name)  attempt \(job.attempt): \(job.error)"
        }.joined(separator: "\n")
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func milliseconds(_ microseconds: Int64) -> String {
        let value = Double(microseconds) / 1000
        return value >= 1000 ? String(format: "%.1f s", value / 1000) : String(format: "%.2f ms", value)
    }
}
