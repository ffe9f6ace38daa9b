/// The gateway's settings, from the `gateway.*` keys.
public struct GatewaySettings: Sendable {
    /// Where sockets connect (`/ws`).
    public var path: String
    /// Events queued for one socket before it counts as too slow and is closed (its client reconnects).
    public var maxQueuedEvents: Int
    /// Largest frame read from a client.
    public var maxFrameBytes: Int

    public init(path: String = "/ws", maxQueuedEvents: Int = 1000, maxFrameBytes: Int = 16_384) {
        self.path = path
        self.maxQueuedEvents = maxQueuedEvents
        self.maxFrameBytes = maxFrameBytes
    }
}
