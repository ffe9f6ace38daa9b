/// How a `RedisClient` connects and how long it waits.
public struct RedisClientConfiguration: Sendable {
    public var endpoint: RedisEndpoint
    /// Upper bound on pooled connections (blocking readers and subscriptions use their own).
    public var maximumConnections: Int
    /// Deadline for one command or pipeline, waiting for a pooled connection included.
    public var commandTimeout: Duration
    /// Extra time a blocking read (`XREADGROUP … BLOCK`) gets on top of its block time.
    public var blockingGrace: Duration
    public var connectTimeout: Duration
    /// First pause before reconnecting after a failed connect; doubles per failure up to the maximum, with jitter.
    public var reconnectBackoffBase: Duration
    public var reconnectBackoffMax: Duration

    public init(
        endpoint: RedisEndpoint,
        maximumConnections: Int = 16,
        commandTimeout: Duration = .seconds(5),
        blockingGrace: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(2),
        reconnectBackoffBase: Duration = .milliseconds(50),
        reconnectBackoffMax: Duration = .seconds(2)
    ) {
        self.endpoint = endpoint
        self.maximumConnections = maximumConnections
        self.commandTimeout = commandTimeout
        self.blockingGrace = blockingGrace
        self.connectTimeout = connectTimeout
        self.reconnectBackoffBase = reconnectBackoffBase
        self.reconnectBackoffMax = reconnectBackoffMax
    }
}
