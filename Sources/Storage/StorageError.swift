/// What can go wrong reaching or using a store; the message names the store and the cause.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration value cannot be used (bad URL, missing key).
    case invalidConfiguration(String)
    /// The store could not be reached or answered wrongly.
    case unreachable(String)
    /// The store refused the credentials (S3 403, PostgreSQL authentication).
    case accessDenied(String)
    /// The bucket or database does not exist.
    case missing(String)
    /// A blob key that could escape the store's root or that the store cannot hold.
    case invalidKey(String)
    /// No blob or record with that key or id.
    case notFound(String)
    /// A byte range outside the blob.
    case invalidRange(String)
    /// A record with that id exists already.
    case conflict(String)
    /// Stored bytes that fail authentication or do not parse (wrong encryption key, truncated object).
    case corrupt(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "invalid storage configuration: \(message)"
        case .unreachable(let message): "unreachable: \(message)"
        case .accessDenied(let message): "access denied: \(message)"
        case .missing(let message): "missing: \(message)"
        case .invalidKey(let message): "invalid key: \(message)"
        case .notFound(let message): "not found: \(message)"
        case .invalidRange(let message): "invalid range: \(message)"
        case .conflict(let message): "conflict: \(message)"
        case .corrupt(let message): "corrupt: \(message)"
        }
    }
}
