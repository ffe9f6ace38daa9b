import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SQLiteNIO

/// Which metadata database to use, parsed from `database.url`: `sqlite:PATH` (embedded default) or
/// `postgres://user:password@host:port/database`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, username: String, password: String?, database: String)

    public init(url text: String) throws(StorageError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw .invalidConfiguration("'\(text)' has no file path (sqlite:PATH)") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw .invalidConfiguration("'\(text)' is neither sqlite:PATH nor postgres://user:password@host:port/db")
        }
        guard let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw .invalidConfiguration("'\(text)' needs a user and a host (postgres://user:password@host:port/db)")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self = .postgres(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? user : database
        )
    }

    /// The location with the password masked.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let host, let port, let username, let password, let database):
            "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        }
    }

    /// Opens a connection and runs `SELECT 1`; throws a `StorageError` naming the cause when that fails.
    public func checkReachable(timeout: Duration = .seconds(3), logger: Logger) async throws {
        switch self {
        case .sqlite(let path):
            do {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                do {
                    _ = try await connection.query("SELECT 1")
                    try await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                throw StorageError.unreachable("SQLite database \(path): \(error)")
            }
        case .postgres(let host, let port, let username, let password, let database):
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable
            )
            configuration.options.connectTimeout = TimeAmount(timeout)
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(),
                    configuration: configuration,
                    id: 1,
                    logger: logger
                ).get()
                do {
                    _ = try await connection.query("SELECT 1", logger: logger)
                    try await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch let error as PSQLError where error.code == .server {
                throw StorageError.accessDenied("PostgreSQL at \(host):\(port): \(String(reflecting: error))")
            } catch {
                throw StorageError.unreachable("PostgreSQL at \(host):\(port): \(String(reflecting: error))")
            }
        }
    }
}
