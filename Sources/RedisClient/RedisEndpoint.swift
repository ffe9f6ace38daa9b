import Foundation

/// Where a Redis server listens and how to log in: parsed from `redis://` or `unix://` URLs.
///
/// `redis://[[user]:password@]host[:port][/db]` and `unix:///path/to/socket[?db=N&password=P&user=U]`.
public struct RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var address: Address
    public var username: String?
    public var password: String?
    public var database: Int

    public init(address: Address, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.address = address
        self.username = username
        self.password = password
        self.database = database
    }

    public init(url text: String) throws(RedisError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL("'\(text)' is not a URL (expected redis://host:port/db or unix:///path)")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        switch scheme {
        case "redis":
            guard let host = components.host, !host.isEmpty else {
                throw .invalidURL("'\(text)' has no host")
            }
            let port = components.port ?? 6379
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard let database = path.isEmpty ? 0 : Int(path), database >= 0 else {
                throw .invalidURL("database in '\(text)' must be a number")
            }
            self.init(
                address: .tcp(host: host, port: port),
                username: components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding },
                password: components.password?.removingPercentEncoding,
                database: database
            )
        case "unix":
            guard !components.path.isEmpty else { throw .invalidURL("'\(text)' has no socket path") }
            guard let database = Int(query["db"] ?? "0"), database >= 0 else {
                throw .invalidURL("db in '\(text)' must be a number")
            }
            self.init(
                address: .unixSocket(path: components.path),
                username: query["user"],
                password: query["password"],
                database: database
            )
        case "rediss":
            throw .invalidURL("TLS (rediss://) is not supported; use a local TLS tunnel or a unix socket")
        default:
            throw .invalidURL("scheme '\(scheme)' is not redis:// or unix://")
        }
    }

    /// The URL with the password masked, for logs and `config check`.
    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        switch address {
        case .tcp(let host, let port):
            return "redis://\(credentials)\(host):\(port)/\(database)"
        case .unixSocket(let path):
            return "unix://\(path)?db=\(database)" + (password == nil ? "" : "&password=***")
        }
    }
}
