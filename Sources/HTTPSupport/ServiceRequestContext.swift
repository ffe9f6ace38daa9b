import Hummingbird

/// What the shared middleware needs of the application's request context. The context carries per-request data
/// only: the request id every log line of the request carries, and who is asking from where.
public protocol ServiceRequestContext: RequestContext {
    /// The id `X-Request-Id` names (or a new one); error answers and log lines carry it.
    var requestID: String { get set }
    /// The client's IP address as text: the connection's peer, or the address a trusted proxy forwarded
    /// (`ClientAddressMiddleware`); `unknown` when the connection has none (a Unix socket, a test client).
    var clientAddress: String { get set }
    /// The connection's peer as the socket says, whatever the headers claim.
    var peerAddress: String { get }
}
