import Foundation

/// The `gifs.*` configuration of the GIF routes, their cache and their jobs.
public struct GifProxySettings: Sendable {
    /// Which upstream dialect the provider speaks.
    public enum ProviderKind: String, Sendable, Codable, CaseIterable {
        /// GIPHY's own v1 API (`/v1/gifs/search`, `offset` paging, `rating`, `lang`).
        case giphy
        /// Tenor's v2 API as the providers that kept it serve it (`/v2/search`, `pos` paging, `contentfilter`).
        case tenor

        /// Where the provider answers when `gifs.base_url` is empty; Tenor-compatible providers have no default.
        public var defaultBaseURL: String? {
            switch self {
            case .giphy: "https://api.giphy.com"
            case .tenor: nil
            }
        }
    }

    public var provider: ProviderKind
    /// The provider's API root, without a trailing slash (`https://api.giphy.com`).
    public var baseURL: String
    /// The provider's key: sent upstream only, never shown in answers, logs or errors.
    public var apiKey: String
    /// Tenor's `client_key`, naming this integration to the provider.
    public var clientKey: String
    /// Where the Tenor-v2-shaped routes (`/v2/…`) and the mirrored media (`/media/…`) are mounted: `/gifs`.
    public var pathPrefix: String
    /// Where Revolt's gifbox routes are mounted: `/gifbox`.
    public var gifboxPrefix: String
    /// Where clients reach the service (`http.public_url`), for absolute mirrored media URLs; relative when nil.
    public var publicURL: String?
    /// Whether requests without a session or bot token are answered (rate-limited by address).
    public var anonymous: Bool
    public var requestsPerWindow: Int
    public var rateWindow: Duration
    /// How long an answer is fresh, per route.
    public var ttl: [GifRoute: Duration]
    /// How long past freshness a cached answer is served at once while a job refreshes it.
    public var staleWhileRevalidate: Duration
    /// How long past freshness a cached answer is kept to be served when the provider fails.
    public var staleIfError: Duration
    /// The least strict content filter the operator allows; clients may ask for stricter, never for less.
    public var contentFilter: ContentFilter
    public var defaultLocale: String
    /// The most results one page may ask for.
    public var maxLimit: Int
    /// One provider call, from the first lookup to the last byte.
    public var timeout: Duration
    /// How long a request waits for its `gif.fetch` or `gif.mirror` job.
    public var wait: Duration
    /// Consecutive provider failures that open the circuit breaker.
    public var breakerFailures: Int
    /// How long the breaker stays open before one probe call is let through.
    public var breakerCooldown: Duration
    /// Rewrite media URLs in answers to Discordination's `/media/` route, fetched by `gif.mirror` jobs.
    public var mirrorMedia: Bool
    /// How long a mirrored file's record is kept in Redis (the blob lives under `proxy/gif/`).
    public var mediaTTL: Duration
    public var maxMediaBytes: Int
    /// Bytes of one provider answer.
    public var maxAnswerBytes: Int

    public init(
        provider: ProviderKind = .giphy,
        baseURL: String = "https://api.giphy.com",
        apiKey: String = "",
        clientKey: String = "discordination",
        pathPrefix: String = "/gifs",
        gifboxPrefix: String = "/gifbox",
        publicURL: String? = nil,
        anonymous: Bool = false,
        requestsPerWindow: Int = 60,
        rateWindow: Duration = .seconds(60),
        ttl: [GifRoute: Duration] = GifRoute.defaultTTL,
        staleWhileRevalidate: Duration = .seconds(3600),
        staleIfError: Duration = .seconds(86400),
        contentFilter: ContentFilter = .medium,
        defaultLocale: String = "en_US",
        maxLimit: Int = 50,
        timeout: Duration = .seconds(5),
        wait: Duration = .seconds(10),
        breakerFailures: Int = 5,
        breakerCooldown: Duration = .seconds(30),
        mirrorMedia: Bool = false,
        mediaTTL: Duration = .seconds(3600),
        maxMediaBytes: Int = 20 * 1024 * 1024,
        maxAnswerBytes: Int = 2 * 1024 * 1024
    ) {
        self.provider = provider
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.clientKey = clientKey
        self.pathPrefix = pathPrefix
        self.gifboxPrefix = gifboxPrefix
        self.publicURL = publicURL
        self.anonymous = anonymous
        self.requestsPerWindow = requestsPerWindow
        self.rateWindow = rateWindow
        self.ttl = ttl
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.contentFilter = contentFilter
        self.defaultLocale = defaultLocale
        self.maxLimit = maxLimit
        self.timeout = timeout
        self.wait = wait
        self.breakerFailures = breakerFailures
        self.breakerCooldown = breakerCooldown
        self.mirrorMedia = mirrorMedia
        self.mediaTTL = mediaTTL
        self.maxMediaBytes = maxMediaBytes
        self.maxAnswerBytes = maxAnswerBytes
    }

    /// Whether a provider is configured at all: without a key the routes answer `GifsUnavailable`.
    public var isConfigured: Bool { !apiKey.isEmpty && !baseURL.isEmpty }

    /// How long a route's answer is fresh.
    public func freshFor(_ route: GifRoute) -> Duration { ttl[route] ?? .seconds(300) }
}
