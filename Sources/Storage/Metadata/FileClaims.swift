import Foundation
import SQLKit

/// Attaching uploads to what holds them (a message, an avatar) inside the holder's own transaction, so that a
/// stored message always holds its files and a refused one holds none.
public enum FileClaims {
    /// Why a file cannot be claimed.
    public enum Refusal: Error, Equatable, Sendable {
        /// Missing, deleted, under another tag, uploaded by someone else, or used already.
        case unavailable(fileID: String)
    }

    /// Marks each file as used by `usage`; every file must exist, be undeleted and unused, carry `tag` and have been
    /// uploaded by `uploaderID`. Throws `Refusal.unavailable` naming the first that does not (the caller's
    /// transaction then rolls back the others). Returns the records in the order asked.
    public static func claim(
        _ fileIDs: [String], tag: String, uploaderID: String, usage: FileUsage, on connection: any SQLDatabase
    ) async throws -> [FileRecord] {
        var claimed: [FileRecord] = []
        for id in fileIDs {
            let row = try await connection.raw(
                """
                UPDATE files SET used_for_type = \(bind: usage.type), used_for_id = \(bind: usage.id)
                WHERE id = \(bind: id) AND tag = \(bind: tag) AND uploader_id = \(bind: uploaderID)
                    AND deleted = FALSE AND used_for_type IS NULL
                RETURNING *
                """
            ).first()
            guard let row else { throw Refusal.unavailable(fileID: id) }
            claimed.append(try FileRecord(row: row))
        }
        return claimed
    }

    /// Releases every file `usage` holds to cleanup: they are marked deleted (answering 404 from now on) and
    /// removed with their bytes once the cleanup grace has passed. Returns how many were released.
    @discardableResult
    public static func release(
        heldBy usage: FileUsage, at time: Date = .now, on connection: any SQLDatabase
    ) async throws -> Int {
        try await connection.raw(
            """
            UPDATE files SET deleted = TRUE, deleted_at = \(bind: time.millisecondsSince1970)
            WHERE used_for_type = \(bind: usage.type) AND used_for_id = \(bind: usage.id) AND deleted = FALSE
            RETURNING id
            """
        ).all().count
    }

    /// Releases one file by id if `usage` holds it (a replaced avatar).
    public static func release(
        fileID: String, heldBy usage: FileUsage, at time: Date = .now, on connection: any SQLDatabase
    ) async throws {
        try await connection.raw(
            """
            UPDATE files SET deleted = TRUE, deleted_at = \(bind: time.millisecondsSince1970)
            WHERE id = \(bind: fileID) AND used_for_type = \(bind: usage.type) AND used_for_id = \(bind: usage.id)
                AND deleted = FALSE
            """
        ).run()
    }
}
