import ChatAPI

extension AppConfiguration {
    /// The chat API's settings from the `api.*` keys; the node description's URLs are derived from
    /// `http.public_url` and the other front ends' prefixes.
    func chatSettings() throws(ConfigurationError) -> ChatAPISettings {
        let resolved = self.resolved
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
                autumnURL: base.isEmpty ? "" : base + files.pathPrefix,
                januaryURL: base.isEmpty ? "" : base + linkProxy.pathPrefix,
                websocketURL: websocket,
                appURL: base),
            rateLimits: try resolved.bool("api.rate_limits"),
            rateLimitPrefix: redisKeyPrefix + ":rl:api:")
    }
}
