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

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "invalid storage configuration: \(message)"
        case .unreachable(let message): "unreachable: \(message)"
        case .accessDenied(let message): "access denied: \(message)"
        case .missing(let message): "missing: \(message)"
        }
    }
}
