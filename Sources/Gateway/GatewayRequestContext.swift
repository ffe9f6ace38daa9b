import Hummingbird
import HummingbirdWebSocket

/// The context of the WebSocket router: a socket's upgrade request carries nothing else the gateway needs (the
/// token comes in the query or in `Authenticate`).
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}
