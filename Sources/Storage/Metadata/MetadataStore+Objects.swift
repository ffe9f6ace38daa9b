import Foundation
import SQLKit

/// An object whose reference count disagrees with the file records pointing at it.
public struct ReferenceMismatch: Sendable, Equatable {
    public var hash: String
    public var refs: Int64
    public var records: Int64
}

extension MetadataStore {
    public func object(hash: String) async throws -> StoredObject? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM objects WHERE hash = \(bind: hash)").first()
                .map(StoredObject.init(row:))
        }
    }

    /// The objects among `hashes` that are stored (a storage sweep checks a page of keys at once).
    public func objects(hashes: [String]) async throws -> [StoredObject] {
        guard !hashes.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM objects WHERE hash IN (\(binds: hashes))").all()
                .map(StoredObject.init(row:))
        }
    }

    /// Replaces the processed variants of an object (idempotent: the same variants give the same row).
    public func setVariants(_ variants: [String: StoredVariant], hash: String) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(variants), as: UTF8.self)
        return try await database.withConnection { connection in
            try await connection.raw(
                "UPDATE objects SET variants = \(bind: json) WHERE hash = \(bind: hash) RETURNING hash"
            ).first() != nil
        }
    }

    /// Adds (or replaces, by name) some of an object's variants, keeping the others: the media jobs of two tags
    /// may finish for one object at once, and neither may lose the other's. One transaction, the row locked on
    /// PostgreSQL (SQLite's writer lock serialises it there). False when the object is gone.
    public func addVariants(_ variants: [String: StoredVariant], hash: String) async throws -> Bool {
        let lock: SQLQueryString = dialect == .postgres ? " FOR UPDATE" : ""
        return try await database.withTransaction { connection in
            guard
                let row = try await connection.raw("SELECT variants FROM objects WHERE hash = \(bind: hash)\(lock)")
                    .first()
            else { return false }
            var merged = try JSONDecoder().decode(
                [String: StoredVariant].self, from: Data(try row.decode(column: "variants", as: String.self).utf8)
            )
            merged.merge(variants) { _, new in new }
            let json = String(decoding: try JSONEncoder().encode(merged), as: UTF8.self)
            try await connection.raw("UPDATE objects SET variants = \(bind: json) WHERE hash = \(bind: hash)").run()
            return true
        }
    }

    /// Removes the object row if nothing references it, returning it so its blobs can be deleted. Nil when it is
    /// referenced again (an upload of the same bytes won the race) or gone; its blobs must then stay.
    public func claimUnreferencedObject(hash: String) async throws -> StoredObject? {
        try await database.withConnection { connection in
            try await connection.raw("DELETE FROM objects WHERE hash = \(bind: hash) AND refs <= 0 RETURNING *")
                .first().map(StoredObject.init(row:))
        }
    }

    /// Objects whose reference count differs from the number of file records with their hash; empty when sound.
    public func referenceMismatches() async throws -> [ReferenceMismatch] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT o.hash AS hash, o.refs AS refs, COUNT(f.id) AS records
                FROM objects o LEFT JOIN files f ON f.hash = o.hash
                GROUP BY o.hash, o.refs HAVING o.refs <> COUNT(f.id)
                """
            ).all().map { row in
                ReferenceMismatch(
                    hash: try row.decode(column: "hash", as: String.self),
                    refs: try row.decode(column: "refs", as: Int64.self),
                    records: try row.decode(column: "records", as: Int64.self)
                )
            }
        }
    }
}
