import Foundation
import SQLKit

/// The outcome of recording an upload: the record, the object it points at, and whether that object was stored
/// before (the new bytes are then redundant and should be dropped).
public struct FileCreation: Sendable, Equatable {
    public var file: FileRecord
    public var object: StoredObject
    public var deduplicated: Bool
}

/// Where a paged scan of files stopped; pass it back to continue after that file.
public struct FileCursor: Sendable, Equatable, Hashable {
    public var time: Date
    public var id: String

    public init(time: Date, id: String) {
        self.time = time
        self.id = id
    }
}

extension MetadataStore {
    /// Records an uploaded file and counts one more reference to its object, in one transaction. When an object
    /// with the same hash exists, the record points at it and `deduplicated` is true; otherwise `object` is stored.
    public func createFile(_ file: FileRecord, object: StoredObject) async throws -> FileCreation {
        precondition(file.hash == object.hash, "a file record and its object share the hash")
        return try await database.withTransaction { connection in
            if try await connection.raw("SELECT id FROM files WHERE id = \(bind: file.id)").first() != nil {
                throw StorageError.conflict("a file with id \(file.id) exists already")
            }
            let variants = String(decoding: try JSONEncoder().encode(object.variants), as: UTF8.self)
            guard
                let row = try await connection.raw(
                    """
                    INSERT INTO objects (hash, storage_key, size, content_type, refs, variants, created_at)
                    VALUES (\(bind: object.hash), \(bind: object.storageKey), \(bind: object.size),
                        \(bind: object.contentType), 1, \(bind: variants), \(bind: object.createdAt.millisecondsSince1970))
                    ON CONFLICT (hash) DO UPDATE SET refs = objects.refs + 1
                    RETURNING *
                    """
                ).first()
            else { throw StorageError.unreachable("the database returned no object row") }
            let stored = try StoredObject(row: row)
            try await connection.raw(
                """
                INSERT INTO files (id, tag, filename, content_type, size, hash, uploader_id, uploaded_at,
                    used_for_type, used_for_id, deleted, deleted_at, reported, metadata, processing, processing_error)
                VALUES (\(bind: file.id), \(bind: file.tag), \(bind: file.filename), \(bind: file.contentType),
                    \(bind: file.size), \(bind: file.hash), \(bind: file.uploaderID),
                    \(bind: file.uploadedAt.millisecondsSince1970), \(bind: file.usedFor?.type),
                    \(bind: file.usedFor?.id), \(bind: file.deleted), \(bind: file.deletedAt?.millisecondsSince1970),
                    \(bind: file.reported), \(bind: file.metadata), \(bind: file.processing.rawValue),
                    \(bind: file.processingError))
                """
            ).run()
            return FileCreation(file: file, object: stored, deduplicated: stored.storageKey != object.storageKey)
        }
    }

    public func file(id: String) async throws -> FileRecord? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM files WHERE id = \(bind: id)").first().map(FileRecord.init(row:))
        }
    }

    public func files(hash: String) async throws -> [FileRecord] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM files WHERE hash = \(bind: hash) ORDER BY uploaded_at, id")
                .all().map(FileRecord.init(row:))
        }
    }

    /// Attaches an unattached, undeleted file to what uses it; false when the file is missing, deleted or
    /// attached already (Autumn lets a file be used once).
    public func attach(fileID: String, to usage: FileUsage) async throws -> Bool {
        try await updated(
            """
            UPDATE files SET used_for_type = \(bind: usage.type), used_for_id = \(bind: usage.id)
            WHERE id = \(bind: fileID) AND used_for_type IS NULL AND deleted = FALSE RETURNING id
            """
        )
    }

    /// Marks a file deleted (it answers 404 from now on); false when it was missing or deleted already.
    public func markDeleted(fileID: String, at time: Date = .now) async throws -> Bool {
        try await updated(
            """
            UPDATE files SET deleted = TRUE, deleted_at = \(bind: time.millisecondsSince1970)
            WHERE id = \(bind: fileID) AND deleted = FALSE RETURNING id
            """
        )
    }

    /// Flags a file for moderation (reported files are never cleaned up) or clears the flag.
    public func setReported(fileID: String, _ reported: Bool) async throws -> Bool {
        try await updated("UPDATE files SET reported = \(bind: reported) WHERE id = \(bind: fileID) RETURNING id")
    }

    /// Records what the media workers made of a file: its state, its metadata JSON when known, and why it failed.
    public func setProcessing(
        fileID: String,
        _ state: ProcessingState,
        metadata: String? = nil,
        error: String? = nil
    ) async throws -> Bool {
        try await updated(
            """
            UPDATE files SET processing = \(bind: state.rawValue), processing_error = \(bind: error),
                metadata = COALESCE(\(bind: metadata), metadata)
            WHERE id = \(bind: fileID) RETURNING id
            """
        )
    }

    /// Records the outcome of processing an object for a tag on every file of that object and tag (uploads of the
    /// same bytes share one `media.process` job), with their new metadata JSON when given. Returns how many records
    /// changed.
    @discardableResult
    public func setProcessing(
        hash: String, tag: String, _ state: ProcessingState, metadata: String? = nil, error: String? = nil
    ) async throws
        -> Int
    {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                UPDATE files SET processing = \(bind: state.rawValue), processing_error = \(bind: error),
                    metadata = COALESCE(\(bind: metadata), metadata)
                WHERE hash = \(bind: hash) AND tag = \(bind: tag) RETURNING id
                """
            ).all().count
        }
    }

    /// Unattached, undeleted, unreported files uploaded before `cutoff`, oldest first, `limit` at a time.
    public func danglingFiles(
        uploadedBefore cutoff: Date, after cursor: FileCursor?, limit: Int
    ) async throws
        -> [FileRecord]
    {
        try await filesPage(
            where:
                "used_for_type IS NULL AND deleted = FALSE AND reported = FALSE AND uploaded_at < \(bind: cutoff.millisecondsSince1970)",
            time: "uploaded_at", after: cursor, limit: limit
        )
    }

    /// Unreported files marked deleted at or before `cutoff`, in deletion order, `limit` at a time.
    public func deletedFiles(
        deletedBefore cutoff: Date, after cursor: FileCursor?, limit: Int
    ) async throws
        -> [FileRecord]
    {
        try await filesPage(
            where: "deleted = TRUE AND reported = FALSE AND deleted_at <= \(bind: cutoff.millisecondsSince1970)",
            time: "deleted_at", after: cursor, limit: limit
        )
    }

    /// One keyset page of the files matching `condition`, ordered by the `time` column and then id.
    private func filesPage(
        where condition: SQLQueryString, time: String, after cursor: FileCursor?, limit: Int
    )
        async throws -> [FileRecord]
    {
        let cursor = cursor ?? FileCursor(time: Date(millisecondsSince1970: -1), id: "")
        return try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT * FROM files WHERE \(condition)
                    AND (\(unsafeRaw: time), id) > (\(bind: cursor.time.millisecondsSince1970), \(bind: cursor.id))
                ORDER BY \(unsafeRaw: time), id LIMIT \(bind: limit)
                """
            ).all().map(FileRecord.init(row:))
        }
    }

    /// Removes a file record and counts one reference fewer to its object, in one transaction. Returns the
    /// object as it is afterwards (`refs == 0`: nothing uses it any more), or nil when there was no such file.
    public func removeFile(id: String) async throws -> StoredObject? {
        try await database.withTransaction { connection in
            guard
                let removed = try await connection.raw("DELETE FROM files WHERE id = \(bind: id) RETURNING hash")
                    .first()
            else { return nil }
            let hash = try removed.decode(column: "hash", as: String.self)
            return try await connection.raw(
                "UPDATE objects SET refs = refs - 1 WHERE hash = \(bind: hash) RETURNING *"
            ).first().map(StoredObject.init(row:))
        }
    }

    private func updated(_ query: SQLQueryString) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.raw(query).first() != nil
        }
    }
}
