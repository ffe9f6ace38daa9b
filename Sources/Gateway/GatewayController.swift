import ChatAPI
import EventBus
import Hummingbird
import HummingbirdWebSocket
import Identity
import Logging
import RedisClient

/// `GET /ws` (`gateway.path`): Revolt's Bonfire protocol over WebSocket, JSON in text frames or, with
/// `?format=msgpack`, MessagePack in binary frames. Upgrades on any query; `?token=` authenticates at once,
/// otherwise the first `Authenticate` frame does.
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
        router.ws(RouterPath(settings.path)) { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let query = context.request.uri.queryParameters
            // A socket that negotiated compression gets its events through the WebSocket writer, which deflates
            // them; the others take the hub's shared frames straight.
            let offered = context.request.headers[.secWebSocketExtensions]?.contains("permessage-deflate") ?? false
            // The socket's tasks run on its channel's event loop: a write happens inline instead of hopping from
            // Swift's pool to the loop and back for every event.
            try await withTaskExecutorPreference(EventLoopTaskExecutor(context.requestContext.eventLoop)) {
                try await connection.run(
                    inbound: inbound, outbound: outbound, channel: context.requestContext.channel,
                    writesStraight: !(settings.compression && offered), token: query.get("token"),
                    format: query.get("format") == "msgpack" ? .msgpack : .json,
                    readyFields: Set(query.getAll("ready")), resume: query.get("resume"))
            }
        }
    }
}
