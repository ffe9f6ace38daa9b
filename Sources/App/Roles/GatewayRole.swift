import ChatAPI
import Gateway
import Hummingbird
import Identity
import ServiceLifecycle

/// `gateway`: the WebSocket gateway (`/ws`, Revolt's Bonfire): every event the API publishes reaches every socket
/// allowed to see it, on any number of gateway processes.
enum GatewayRole: RoleDefinition {
    static let role = AppRole.gateway
    static let summary = "Run the WebSocket gateway (/ws) without a job worker."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "Gateway (`/ws`, `gateway.*`)", keys: ConfigurationKeys.gateway)

    static func addWebSocketRoutes(to router: Router<GatewayRequestContext>, _ parts: RoleParts) throws -> Bool {
        GatewayController(
            settings: parts.configuration.gateway, hub: parts.gatewayHub, sessions: Sessions(metadata: parts.metadata),
            views: ChatViews(metadata: parts.metadata), events: parts.events, logger: parts.logger
        ).addRoutes(to: router)
        return true
    }

    static func services(_ parts: RoleParts) throws -> [any Service] {
        [parts.events, parts.gatewayHub]
    }
}
