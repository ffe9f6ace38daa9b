/// The gateway's settings, from the `gateway.*` keys.
public struct GatewaySettings: Sendable {
    /// Where sockets connect (`/ws`).
    public var path: String
    /// Events queued for one socket before it counts as too slow and is closed (its client reconnects).
    public var maxQueuedEvents: Int
    /// Bytes of events queued for one socket before it counts as too slow; past half of it (or of the event
    /// bound) typing and presence are shed first.
    public var maxQueuedBytes: Int
    /// Largest frame read from a client, after inflating a compressed one.
    public var maxFrameBytes: Int
    /// Whether permessage-deflate is negotiated with clients that offer it.
    public var compression: Bool

    /// Seconds to authenticate in, seconds of client silence before a close, client messages per minute.
    public var authenticationTimeout: Duration
    public var idleTimeout: Duration
    public var messagesPerMinute: Int
    /// How long after an event a reconnecting client may still resume after it.
    public var resumeWindow: Duration

    public init(
        path: String = "/ws", maxQueuedEvents: Int = 1000, maxQueuedBytes: Int = 1 << 20,
        maxFrameBytes: Int = 16_384, compression: Bool = true,
        authenticationTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(90),
        messagesPerMinute: Int = 120, resumeWindow: Duration = .seconds(120)
    ) {
        self.path = path
        self.maxQueuedEvents = maxQueuedEvents
        self.maxQueuedBytes = maxQueuedBytes
        self.maxFrameBytes = maxFrameBytes
        self.compression = compression
        self.authenticationTimeout = authenticationTimeout
        self.idleTimeout = idleTimeout
        self.messagesPerMinute = messagesPerMinute
        self.resumeWindow = resumeWindow
    }

    var limits: GatewaySession.Limits {
        GatewaySession.Limits(
            authenticationTimeout: authenticationTimeout, idleTimeout: idleTimeout,
            messagesPerWindow: messagesPerMinute, rateWindow: .seconds(60))
    }
}
