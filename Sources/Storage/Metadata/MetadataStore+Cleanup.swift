import Foundation
import SQLKit

/// A file the dangling pass marked deleted.
public struct MarkedFile: Sendable, Equatable {
    public var id: String
    public var hash: String
}

extension MetadataStore {
    /// Marks deleted those of `ids` that are still dangling (unattached, undeleted, unreported, uploaded before
    /// `cutoff`) in one statement, so a file attached or reported since it was listed is left alone. Returns the
    /// files it marked.
    public func markDangling(
        ids: [String], uploadedBefore cutoff: Date, at time: Date = .now
    ) async throws
        -> [MarkedFile]
    {
        guard !ids.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw(
                """
                UPDATE files SET deleted = TRUE, deleted_at = \(bind: time.millisecondsSince1970)
                WHERE id IN (\(binds: ids)) AND used_for_type IS NULL AND deleted = FALSE AND reported = FALSE
                    AND uploaded_at < \(bind: cutoff.millisecondsSince1970)
                RETURNING id, hash
                """
            ).all().map { row in
                MarkedFile(
                    id: try row.decode(column: "id", as: String.self),
                    hash: try row.decode(column: "hash", as: String.self)
                )
            }
        }
    }

    /// Removes a file record if it is still deleted before `cutoff` and unreported, and counts one reference fewer
    /// to its object, in one transaction. Returns the object as it is afterwards, or nil when the file no longer
    /// qualifies (reported or restored since it was listed) or is gone.
    public func removeDeletedFile(id: String, deletedBefore cutoff: Date) async throws -> StoredObject? {
        try await database.withTransaction { connection in
            guard
                let removed = try await connection.raw(
                    """
                    DELETE FROM files WHERE id = \(bind: id) AND deleted = TRUE AND reported = FALSE
                        AND deleted_at <= \(bind: cutoff.millisecondsSince1970)
                    RETURNING hash
                    """
                ).first()
            else { return nil }
            let hash = try removed.decode(column: "hash", as: String.self)
            return try await connection.raw(
                "UPDATE objects SET refs = refs - 1 WHERE hash = \(bind: hash) RETURNING *"
            ).first().map(StoredObject.init(row:))
        }
    }

    /// Objects no record references any more (`refs <= 0`), left behind by a run that stopped between removing
    /// the last record and removing the object; in hash order after `hash`, `limit` at a time.
    public func unreferencedObjects(after hash: String?, limit: Int) async throws -> [StoredObject] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT * FROM objects WHERE refs <= 0 AND hash > \(bind: hash ?? "") ORDER BY hash LIMIT \(bind: limit)
                """
            ).all().map(StoredObject.init(row:))
        }
    }

    /// The objects whose originals are stored under any of `keys` (a storage sweep checks a page of keys at once).
    public func objects(storageKeys keys: [String]) async throws -> [StoredObject] {
        guard !keys.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM objects WHERE storage_key IN (\(binds: keys))").all()
                .map(StoredObject.init(row:))
        }
    }

    /// One page of all objects in hash order, after `hash` (nil: from the start).
    public func objects(after hash: String?, limit: Int) async throws -> [StoredObject] {
        try await database.withConnection { connection in
            try await connection.raw(
                "SELECT * FROM objects WHERE hash > \(bind: hash ?? "") ORDER BY hash LIMIT \(bind: limit)"
            ).all().map(StoredObject.init(row:))
        }
    }

    /// How many records of `hash` would outlive a deletion pass with `cutoff`: every record not deleted at or
    /// before it, or reported. Zero means the pass would free the object.
    public func survivingRecords(hash: String, deletedBefore cutoff: Date) async throws -> Int {
        try await database.withConnection { connection in
            let row = try await connection.raw(
                """
                SELECT COUNT(*) AS survivors FROM files WHERE hash = \(bind: hash)
                    AND (deleted = FALSE OR reported = TRUE OR deleted_at > \(bind: cutoff.millisecondsSince1970))
                """
            ).first()
            return try row?.decode(column: "survivors", as: Int.self) ?? 0
        }
    }

    /// Marks every record of an object whose original is missing from the blob store as failed, saying so;
    /// returns their ids. The records stay: an operator decides what to do with them.
    public func markObjectMissing(hash: String) async throws -> [String] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                UPDATE files SET processing = 'failed', processing_error = 'the stored object is missing'
                WHERE hash = \(bind: hash) RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
