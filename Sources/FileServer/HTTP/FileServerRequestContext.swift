import Hummingbird

/// What the file server needs from the application's request context: the client's address, which anonymous
/// uploads are rate limited by.
public protocol FileServerRequestContext: RequestContext {
    /// The peer's IP address as text, or `unknown` when the connection has none (a Unix socket, a test client).
    var clientAddress: String { get }
}
