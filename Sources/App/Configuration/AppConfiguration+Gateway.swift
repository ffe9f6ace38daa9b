import Gateway

extension AppConfiguration {
    /// The gateway's settings from the `gateway.*` keys.
    static func gatewaySettings(_ resolved: ResolvedConfiguration) throws(ConfigurationError) -> GatewaySettings {
        GatewaySettings(
            path: try resolved.pathPrefix("gateway.path", example: "/ws"),
            maxQueuedEvents: try resolved.int("gateway.max_queued_events"),
            maxQueuedBytes: try resolved.int("gateway.max_queued_bytes"),
            maxFrameBytes: try resolved.int("gateway.max_frame_bytes"),
            compression: try resolved.bool("gateway.compression"),
            authenticationTimeout: try resolved.duration("gateway.auth_timeout"),
            idleTimeout: try resolved.duration("gateway.idle_timeout"),
            messagesPerMinute: try resolved.int("gateway.messages_per_minute"),
            resumeWindow: try resolved.duration("gateway.resume_window"))
    }
}
