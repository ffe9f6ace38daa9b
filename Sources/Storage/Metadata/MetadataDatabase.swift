import SQLKit

/// The SQL dialects the metadata schema is written for.
public enum MetadataDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A pool of connections to the metadata database. Each call gets one connection to itself for its whole body,
/// so a transaction opened in the body is not shared with anyone else.
protocol MetadataDatabase: Sendable {
    var dialect: MetadataDialect { get }

    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result

    /// Keeps the pool serving until the task is cancelled, then closes every connection.
    func run() async
}

extension MetadataDatabase {
    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    /// SQLite takes the write lock up front (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading it.
    func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let begin: SQLQueryString = dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withConnection { connection in
            try await connection.raw(begin).run()
            do {
                let result = try await body(connection)
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
