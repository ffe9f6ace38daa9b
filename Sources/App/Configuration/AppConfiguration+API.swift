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
        let voice = try voiceSettings(resolved)
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
                appURL: base, livekit: voice != nil),
            rateLimits: try resolved.bool("api.rate_limits"),
            rateLimitPrefix: keyPrefix + ":rl:api:", keyPrefix: keyPrefix, voice: voice,
            botDeliveryWindow: try resolved.duration("api.bot_delivery_window"))
    }

    /// LiveKit from the `voice.*` keys: all three of URL, key and secret, or none (voice off).
    static func voiceSettings(_ resolved: ResolvedConfiguration) throws(ConfigurationError) -> VoiceSettings? {
        let url = try resolved["voice.livekit_url"]
        let key = try resolved["voice.api_key"]
        let secret = try resolved["voice.api_secret"]
        if url.isEmpty, key.isEmpty, secret.isEmpty { return nil }
        for (name, value) in [("voice.livekit_url", url), ("voice.api_key", key), ("voice.api_secret", secret)]
        where value.isEmpty {
            throw .invalidValue(key: name, value: "", expected: "set with the other voice.* keys (LiveKit)")
        }
        return VoiceSettings(
            livekitURL: url, apiKey: key, apiSecret: secret, tokenLifetime: try resolved.duration("voice.token_ttl"))
    }
}
