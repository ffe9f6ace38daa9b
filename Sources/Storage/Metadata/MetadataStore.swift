import Logging
import ServiceLifecycle

/// The records Discordination keeps (files, stored objects, sessions) in SQLite or PostgreSQL, behind one set of
/// operations. As a `Service` it keeps its connection pool open until shutdown.
public final class MetadataStore: Service {
    public let location: DatabaseLocation
    let database: any MetadataDatabase

    public init(location: DatabaseLocation, logger: Logger) throws(StorageError) {
        self.location = location
        switch location {
        case .sqlite(let path):
            database = try SQLiteMetadataDatabase(path: path, logger: logger)
        case .postgres(let host, let port, let username, let password, let name):
            database = PostgresMetadataDatabase(
                host: host, port: port, username: username, password: password, database: name, logger: logger
            )
        }
    }

    public var dialect: MetadataDialect { database.dialect }

    /// Keeps the connections open until the task is cancelled or the service group shuts down. The group stops
    /// services in reverse order, so everything listed after the store has finished with it by then.
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            await self.database.run()
        }
    }

    /// Opens the store for the length of `body` (a command-line tool's run), then closes it. The database is
    /// reached once first, so a refused password or a server that is down is reported as such at once.
    public static func withStore<Result: Sendable>(
        location: DatabaseLocation,
        logger: Logger,
        _ body: (MetadataStore) async throws -> Result
    ) async throws -> Result {
        try await location.checkReachable(logger: logger)
        let store = try MetadataStore(location: location, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.database.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Applies pending schema migrations (under a lock, so concurrent start-ups migrate once); returns their versions.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await MetadataMigrator(database: database, migrations: MetadataMigration.all).migrate()
    }

    public func schemaStatus() async throws -> MetadataSchemaStatus {
        try await MetadataMigrator(database: database, migrations: MetadataMigration.all).status()
    }
}
