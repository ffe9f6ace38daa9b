import Foundation
import SQLKit
import SQLiteNIO

/// Where the schema stands: each known migration and whether it is applied, plus versions applied by a newer build.
public struct MetadataSchemaStatus: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var version: Int
        public var name: String
        /// When it was applied; nil while pending.
        public var appliedAt: Date?
    }

    public var steps: [Step]
    /// Versions recorded in the database that this build does not know (a newer build migrated it).
    public var unknownVersions: [Int]

    public var pending: [Step] { steps.filter { $0.appliedAt == nil } }
    public var isCurrent: Bool { pending.isEmpty }
}

/// Applies `MetadataMigration.all` in order, recording each in `schema_migrations`. Runs under a lock
/// (PostgreSQL advisory lock, SQLite write lock) so processes starting together migrate once.
struct MetadataMigrator: Sendable {
    let database: any MetadataDatabase
    let migrations: [MetadataMigration]

    /// Applies the pending migrations; returns the versions it applied. On SQLite, a start-up that waited past the
    /// busy timeout for another process's migration tries again (the ledger makes that safe): processes starting
    /// together on a loaded machine otherwise fail with "database is locked".
    func migrate() async throws -> [Int] {
        var attempt = 1
        while true {
            do {
                return try await migrateOnce()
            } catch let error as SQLiteError where error.reason == .busy && attempt < 6 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    private func migrateOnce() async throws -> [Int] {
        let dialect = database.dialect
        let migrations = migrations
        return try await database.withTransaction { connection in
            if dialect == .postgres {
                try await connection.raw("SELECT pg_advisory_xact_lock(7308912455)").run()
            }
            try await Self.createLedger(connection)
            let applied = Set(try await Self.appliedVersions(connection).keys)
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements(dialect) {
                    try await connection.raw(SQLQueryString(statement)).run()
                }
                try await connection.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date.now.millisecondsSince1970))
                    """
                ).run()
                done.append(migration.version)
            }
            return done
        }
    }

    func status() async throws -> MetadataSchemaStatus {
        let migrations = migrations
        return try await database.withConnection { connection in
            try await Self.createLedger(connection)
            let applied = try await Self.appliedVersions(connection)
            let known = Set(migrations.map(\.version))
            return MetadataSchemaStatus(
                steps: migrations.map { migration in
                    .init(
                        version: migration.version,
                        name: migration.name,
                        appliedAt: applied[migration.version].map(Date.init(millisecondsSince1970:))
                    )
                },
                unknownVersions: applied.keys.filter { !known.contains($0) }.sorted()
            )
        }
    }

    private static func createLedger(_ connection: any SQLDatabase) async throws {
        try await connection.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL
            )
            """
        ).run()
    }

    private static func appliedVersions(_ connection: any SQLDatabase) async throws -> [Int: Int64] {
        let rows = try await connection.raw("SELECT version, applied_at FROM schema_migrations").all()
        var applied: [Int: Int64] = [:]
        for row in rows {
            applied[try row.decode(column: "version", as: Int.self)] = try row.decode(
                column: "applied_at", as: Int64.self)
        }
        return applied
    }
}
