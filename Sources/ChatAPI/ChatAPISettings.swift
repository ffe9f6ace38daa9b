/// The chat API's settings, from the `api.*` keys.
public struct ChatAPISettings: Sendable {
    /// Who may make an account.
    public enum Registration: String, Sendable, CaseIterable {
        case open
        /// Only with an invite code of an existing server.
        case inviteOnly = "invite_only"
        /// Only operators, with `discordination user create`.
        case closed
    }

    /// Where the API is mounted (`/api`).
    public var pathPrefix: String
    public var registration: Registration
    /// Largest request body read.
    public var maxBodyBytes: Int
    public var maxAttachments: Int
    public var maxContentLength: Int
    /// The node description of `GET /api/` (`features.autumn.url`, `ws`, …), absolute URLs.
    public var node: NodeDescription
    /// Whether rate limits apply (off only in benchmarks of the API itself).
    public var rateLimits: Bool
    /// Prefix of the rate-limit keys in Redis.
    public var rateLimitPrefix: String
    /// Prefix of the API's other Redis keys (`redis.key_prefix`): voice states, failed bot deliveries.
    public var keyPrefix: String
    /// LiveKit (`voice.*`); nil when voice is not configured.
    public var voice: VoiceSettings?
    /// How long a signed delivery is retried before it is given up (Discord's 10 minutes).
    public var botDeliveryWindow: Duration

    public init(
        pathPrefix: String = "/api", registration: Registration = .open, maxBodyBytes: Int = 1 << 20,
        maxAttachments: Int = 5, maxContentLength: Int = 2000, node: NodeDescription = NodeDescription(),
        rateLimits: Bool = true, rateLimitPrefix: String = "dcn:rl:api:", keyPrefix: String = "dcn",
        voice: VoiceSettings? = nil, botDeliveryWindow: Duration = .seconds(600)
    ) {
        self.pathPrefix = pathPrefix
        self.registration = registration
        self.maxBodyBytes = maxBodyBytes
        self.maxAttachments = maxAttachments
        self.maxContentLength = maxContentLength
        self.node = node
        self.rateLimits = rateLimits
        self.rateLimitPrefix = rateLimitPrefix
        self.keyPrefix = keyPrefix
        self.voice = voice
        self.botDeliveryWindow = botDeliveryWindow
    }
}

/// What `GET /api/` tells clients about this node: where the file server, link proxy and gateway are.
public struct NodeDescription: Sendable, Equatable {
    public var version: String
    public var autumnURL: String
    public var januaryURL: String
    public var websocketURL: String
    public var appURL: String
    public var livekit: Bool

    public init(
        version: String = "0.8.0", autumnURL: String = "", januaryURL: String = "", websocketURL: String = "",
        appURL: String = "", livekit: Bool = false
    ) {
        self.version = version
        self.autumnURL = autumnURL
        self.januaryURL = januaryURL
        self.websocketURL = websocketURL
        self.appURL = appURL
        self.livekit = livekit
    }
}

/// Where voice runs (`voice.*`): a LiveKit server, and the key and secret its tokens and webhooks are signed with.
public struct VoiceSettings: Sendable, Equatable {
    /// The `wss://` URL clients connect to, handed out with each token.
    public var livekitURL: String
    public var apiKey: String
    public var apiSecret: String
    /// How long a token admits its holder to the room.
    public var tokenLifetime: Duration

    public init(livekitURL: String, apiKey: String, apiSecret: String, tokenLifetime: Duration = .seconds(600)) {
        self.livekitURL = livekitURL
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.tokenLifetime = tokenLifetime
    }
}
