import ChatAPI
import EventBus
import Hummingbird
import HummingbirdWebSocket
import Identity
import Logging

/// `GET /ws` (`gateway.path`): Revolt's Bonfire protocol over WebSocket, JSON in text frames. Upgrades on any
/// query; `?token=` authenticates at once, otherwise the first `Authenticate` frame does.
public struct GatewayController: Sendable {
    let settings: GatewaySettings
    let hub: GatewayHub
    let sessions: Sessions
    let views: ChatViews
    let events: EventBus
    let logger: Logger

    public init(
        settings: GatewaySettings, hub: GatewayHub, sessions: Sessions, views: ChatViews, events: EventBus,
        logger: Logger
    ) {
        self.settings = settings
        self.hub = hub
        self.sessions = sessions
        self.views = views
        self.events = events
        self.logger = logger
    }

    public func addRoutes(to router: Router<GatewayRequestContext>) {
        let connection = GatewayConnection(
            settings: settings, hub: hub, sessions: sessions, views: views, events: events, logger: logger)
        router.ws(RouterPath(settings.path)) { request, _ in
            // MessagePack (binary frames) is not spoken yet: such clients are told so rather than misread.
            request.uri.queryParameters.get("format").map { $0 == "json" } ?? true ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            let token = context.request.uri.queryParameters.get("token")
            try await connection.run(inbound: inbound, outbound: outbound, token: token)
        }
    }
}
