import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The context of the WebSocket router: a socket's upgrade request carries nothing else the gateway needs (the
/// token comes in the query or in `Authenticate`) but the event loop of its connection, where the socket's tasks run.
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The loop that owns the socket's channel.
    public let eventLoop: any EventLoop
    /// The socket's channel: the hub writes most events to it straight, and drops it when a client does not answer
    /// a close.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        eventLoop = source.channel.eventLoop
        channel = source.channel
    }
}
