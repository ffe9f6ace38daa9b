import Hummingbird
import WebClient

/// `web`: the browser client at `/`. It talks to the other roles through their public paths like any client, so it
/// runs anywhere; `serve` includes it, and a load balancer may send `/*` to processes running only this role.
enum WebRole: RoleDefinition {
    static let role = AppRole.web
    static let summary = "Serve the web client (/) alone."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "Web client (`/`, `web.*`)", keys: ConfigurationKeys.web)

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        try WebClientController(settings: parts.configuration.web).addRoutes(to: router)
    }
}
