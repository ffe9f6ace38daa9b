import Gateway

extension AppConfiguration {
    /// The gateway's settings from the `gateway.*` keys.
    var gateway: GatewaySettings {
        GatewaySettings(
            path: (try? resolved.pathPrefix("gateway.path", example: "/ws")) ?? "/ws",
            maxQueuedEvents: (try? resolved.int("gateway.max_queued_events")) ?? 1000,
            maxFrameBytes: (try? resolved.int("gateway.max_frame_bytes")) ?? 16_384,
            authenticationTimeout: (try? resolved.duration("gateway.auth_timeout")) ?? .seconds(10),
            idleTimeout: (try? resolved.duration("gateway.idle_timeout")) ?? .seconds(90),
            messagesPerMinute: (try? resolved.int("gateway.messages_per_minute")) ?? 120,
            resumeWindow: (try? resolved.duration("gateway.resume_window")) ?? .seconds(120))
    }
}
