import SQLKit

extension MetadataStore {
    /// Runs `body` in one transaction of the metadata database: committed when it returns, rolled back when it
    /// throws. Features that keep tables of their own in this database (the chat API) write through it, so a
    /// message and the files it holds are stored together or not at all.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await database.withTransaction(body)
    }

    /// Runs `body` on one connection, outside a transaction (reads, single statements).
    public func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await database.withConnection(body)
    }
}
