/// What can go wrong talking to Redis.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Redis answered with an error reply (`ERR …`, `WRONGTYPE …`, `NOSCRIPT …`).
    case server(String)
    /// No connection could be made (refused, no such socket, timed out).
    case connectionFailed(String)
    /// The connection closed with the command still unanswered.
    case connectionClosed
    /// The command got no answer before its deadline; the connection is dropped.
    case timeout(command: String)
    /// The bytes from the server are not RESP.
    case protocolError(String)
    /// The reply does not have the shape the typed command expects.
    case unexpectedReply(command: String, reply: String)
    /// The URL in the configuration cannot be used.
    case invalidURL(String)
    /// The client was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .server(let message): "Redis error: \(message)"
        case .connectionFailed(let reason): "cannot connect to Redis: \(reason)"
        case .connectionClosed: "the Redis connection closed before the reply"
        case .timeout(let command): "Redis did not answer \(command) in time"
        case .protocolError(let reason): "Redis protocol error: \(reason)"
        case .unexpectedReply(let command, let reply): "unexpected reply to \(command): \(reply)"
        case .invalidURL(let reason): "invalid Redis URL: \(reason)"
        case .shutDown: "the Redis client is shut down"
        }
    }

    /// The error code Redis put first in an error reply (`NOSCRIPT`, `BUSYGROUP`, …).
    public var serverCode: String? {
        guard case .server(let message) = self else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}
