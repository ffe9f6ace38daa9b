import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded metadata database: a SQLite file in WAL mode. SQLite lets one writer in at a time, so the process
/// uses one connection, with its blocking calls on a thread of its own: a writer waiting for another process's
/// lock then never holds up NIO's shared pool (on which a lock holder in this process might be waiting).
final class SQLiteMetadataDatabase: MetadataDatabase {
    let dialect = MetadataDialect.sqlite
    private let pool: SQLiteConnectionPool
    private let threadPool: NIOThreadPool

    init(path: String, logger: Logger) throws(StorageError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreachable("cannot create the directory of SQLite database \(path): \(error.localizedDescription)")
        }
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        self.threadPool = threadPool
        pool = SQLiteConnectionPool(maximumConnections: 1) {
            // Switching a new file to WAL can meet another process doing the same (SQLITE_BUSY, which the busy
            // timeout does not always cover): a few attempts, each connection closed when it is given up (SQLiteNIO
            // traps on a connection dropped open).
            var attempt = 1
            while true {
                let connection = try await SQLiteConnection.open(
                    storage: .file(path: path),
                    threadPool: threadPool,
                    logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any()
                )
                do {
                    for pragma in Self.pragmas { _ = try await connection.query(pragma) }
                    return connection
                } catch {
                    try? await connection.close()
                    guard attempt < 5 else { throw error }
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(50 * attempt))
                }
            }
        }
    }

    static let pragmas = ["PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"]

    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = try await pool.lease()
        do {
            let result = try await body(connection.sql(queryLogLevel: .trace))
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    func run() async {
        try? await Task.sleep(for: .seconds(Int64.max / 1_000_000_000))
        await pool.close()
        try? await threadPool.shutdownGracefully()
    }
}

/// Up to `maximumConnections` SQLite connections, opened on demand and handed out one caller at a time.
actor SQLiteConnectionPool {
    private let maximumConnections: Int
    private let open: @Sendable () async throws -> SQLiteConnection
    private var idle: [SQLiteConnection] = []
    private var opened = 0
    private var waiters: [CheckedContinuation<SQLiteConnection?, Never>] = []
    private var closed = false

    init(maximumConnections: Int, open: @escaping @Sendable () async throws -> SQLiteConnection) {
        self.maximumConnections = max(1, maximumConnections)
        self.open = open
    }

    func lease() async throws -> SQLiteConnection {
        if closed { throw StorageError.unreachable("the SQLite database is closed") }
        if let connection = idle.popLast() { return connection }
        if opened < maximumConnections {
            opened += 1
            do {
                return try await open()
            } catch {
                opened -= 1
                throw StorageError.unreachable("cannot open the SQLite database: \(error)")
            }
        }
        guard let connection = await withCheckedContinuation({ waiters.append($0) }) else {
            throw StorageError.unreachable("the SQLite database is closed")
        }
        return connection
    }

    func release(_ connection: SQLiteConnection) async {
        if closed {
            await Self.close(connection)
        } else if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    func close() async {
        closed = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        for connection in connections { await Self.close(connection) }
    }

    /// Closes through the future-returning call: the async one gives up in a cancelled task (and closing happens
    /// on cancellation), leaving a connection open that then traps in its `deinit`.
    private static func close(_ connection: SQLiteConnection) async {
        let closing: EventLoopFuture<Void> = connection.close()
        try? await closing.get()
    }
}
