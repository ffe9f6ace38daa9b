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
        let configuration = parts.configuration
        // A front end mounted at the root (an empty path prefix, as a standalone Autumn is) owns `/`.
        let prefixes = [
            configuration.files.pathPrefix, configuration.linkProxy.pathPrefix, configuration.chat.pathPrefix,
            configuration.gifs.gifboxPrefix, configuration.gifs.pathPrefix,
        ]
        guard !prefixes.contains("") else {
            parts.logger.notice("the web client is not served: another front end is mounted at the root")
            return
        }
        try WebClientController(settings: configuration.web).addRoutes(to: router)
    }
}
