/// The `proxy.*` configuration of the January routes and their jobs (the fetcher's own keys are in
/// `SafeFetchSettings`).
public struct LinkProxySettings: Sendable {
    /// Where the routes are mounted: `/january` by default, empty for a proxy on its own host.
    public var pathPrefix: String
    /// Where clients reach the service (`http.public_url`), for signed proxy URLs in embeds; relative when nil.
    public var publicURL: String?
    public var embedTTL: Duration
    public var mediaTTL: Duration
    /// How long a failed fetch is remembered, so a broken link is not fetched again for every viewer.
    public var negativeTTL: Duration
    /// Bytes of a page read for its preview; the rest is not fetched.
    public var maxPageBytes: Int
    /// Bytes of an image or video the proxy fetches.
    public var maxMediaBytes: Int
    /// Pixels of one frame of a proxied image.
    public var maxPixels: Int
    /// Frames kept of a proxied animation.
    public var maxFrames: Int
    /// `id:secret` pairs; the first signs, all verify. Empty serves any URL.
    public var signingKeys: [ProxySigner.Key]
    /// How long a request waits for its fetch job.
    public var wait: Duration

    public init(
        pathPrefix: String = "/january",
        publicURL: String? = nil,
        embedTTL: Duration = .seconds(3600),
        mediaTTL: Duration = .seconds(3600),
        negativeTTL: Duration = .seconds(60),
        maxPageBytes: Int = 5 * 1024 * 1024,
        maxMediaBytes: Int = 20 * 1024 * 1024,
        maxPixels: Int = 50_000_000,
        maxFrames: Int = 300,
        signingKeys: [ProxySigner.Key] = [],
        wait: Duration = .seconds(15)
    ) {
        self.pathPrefix = pathPrefix
        self.publicURL = publicURL
        self.embedTTL = embedTTL
        self.mediaTTL = mediaTTL
        self.negativeTTL = negativeTTL
        self.maxPageBytes = maxPageBytes
        self.maxMediaBytes = maxMediaBytes
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
        self.signingKeys = signingKeys
        self.wait = wait
    }
}
