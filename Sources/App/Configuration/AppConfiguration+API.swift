import ChatAPI

extension AppConfiguration {
    /// The chat API's settings from the `api.*` keys; the node description's URLs are derived from
    /// `http.public_url` and the other front ends' prefixes.
    static func chatSettings(
        _ resolved: ResolvedConfiguration, publicURL: String?, filesPrefix: String, proxyPrefix: String,
        keyPrefix: String
    ) throws(ConfigurationError) -> ChatAPISettings {
        let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        var websocket = try resolved["api.websocket_url"]
        if websocket.isEmpty, !base.isEmpty {
            websocket =
                (base.hasPrefix("https://") ? "wss://" + base.dropFirst(8) : "ws://" + base.dropFirst(7)) + "/ws"
        }
        return ChatAPISettings(
            pathPrefix: try resolved.pathPrefix("api.path_prefix", example: "/api"),
            registration: ChatAPISettings.Registration(rawValue: try resolved["api.registration"]) ?? .open,
            maxBodyBytes: try resolved.int("api.max_body_bytes"),
            maxAttachments: try resolved.int("api.max_attachments"),
            maxContentLength: try resolved.int("api.max_content_length"),
            node: NodeDescription(
                version: DiscordinationVersion.current,
                autumnURL: base.isEmpty ? "" : base + filesPrefix,
                januaryURL: base.isEmpty ? "" : base + proxyPrefix,
                websocketURL: websocket,
                appURL: base),
            rateLimits: try resolved.bool("api.rate_limits"),
            rateLimitPrefix: keyPrefix + ":rl:api:")
    }
}
