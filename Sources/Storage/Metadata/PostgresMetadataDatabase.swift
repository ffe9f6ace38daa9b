import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// The production metadata database: PostgreSQL through postgres-nio's connection pool.
final class PostgresMetadataDatabase: MetadataDatabase {
    let dialect = MetadataDialect.postgres
    private let client: PostgresClient
    private let acquireTimeout: Duration
    /// Set once a lease succeeded, cleared by a connection error.
    private let reachable = AcquiredFlag()

    init(
        host: String,
        port: Int,
        username: String,
        password: String?,
        database: String,
        maximumConnections: Int = 20,
        acquireTimeout: Duration = .seconds(10),
        logger: Logger
    ) {
        self.acquireTimeout = acquireTimeout
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Waits at most `acquireTimeout` for a connection: the pool retries unreachable servers and refused
    /// credentials for ever, and a caller must hear about that rather than hang.
    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        // While leases succeed, a lease is taken directly: the timer below costs two tasks and a sleep per query,
        // more than a short query itself. After a connection error the guarded path is used until a lease works.
        if reachable.isSet {
            do {
                return try await client.withConnection { connection in
                    try await body(connection.sql(queryLogLevel: .trace))
                }
            } catch let error as PSQLError
                where error.code == .connectionError || error.code == .serverClosedConnection
            {
                reachable.clear()
                throw StorageError.unreachable("PostgreSQL: \(String(reflecting: error))")
            }
        }
        let acquired = AcquiredFlag()
        let timeout = acquireTimeout
        do {
            return try await withoutActuallyEscaping(body) { body in
                return try await withThrowingTaskGroup(of: Result?.self) { group in
                    group.addTask {
                        try await self.client.withConnection { connection in
                            acquired.set()
                            self.reachable.set()
                            return try await body(connection.sql(queryLogLevel: .trace))
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        guard acquired.isSet else {
                            throw StorageError.unreachable(
                                "PostgreSQL gave no connection within \(timeout) (server down or credentials refused)"
                            )
                        }
                        return nil
                    }
                    defer { group.cancelAll() }
                    while let next = try await group.next() {
                        if let result = next { return result }
                    }
                    throw CancellationError()
                }
            }
        } catch let error as PSQLError where error.code == .connectionError || error.code == .serverClosedConnection {
            throw StorageError.unreachable("PostgreSQL: \(String(reflecting: error))")
        }
    }

    func run() async {
        await client.run()
    }
}

/// Whether a connection was handed over yet, read by the timer racing the lease (and whether leases work).
private final class AcquiredFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
    func clear() { value.withLock { $0 = false } }
}
