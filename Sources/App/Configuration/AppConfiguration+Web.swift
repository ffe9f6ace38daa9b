import WebClient

extension AppConfiguration {
    /// The web client's settings from the `web.*` keys, with the paths of the front ends it talks to.
    static func webSettings(
        _ resolved: ResolvedConfiguration, endpoints: WebClientSettings.Endpoints
    ) throws(ConfigurationError) -> WebClientSettings {
        let root = try resolved["web.root"]
        let name = try resolved["web.name"]
        guard !name.isEmpty, name.count <= 64 else {
            throw .inconsistent(key: "web.name", reason: "must be 1 to 64 characters")
        }
        return WebClientSettings(root: root.isEmpty ? nil : root, name: name, endpoints: endpoints)
    }
}
