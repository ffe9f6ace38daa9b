/// How the fetcher behaves for every use: the operator's rules and the limits that apply to any request.
public struct SafeFetchSettings: Sendable {
    /// Hosts and networks reachable even when the blocklist would refuse them (an intranet wiki, a test origin).
    public var allow: HostRules
    /// Hosts and networks never fetched, whatever they resolve to.
    public var deny: HostRules
    /// Ports URLs may name; 80 and 443 unless configured.
    public var allowedPorts: Set<Int>
    /// Hosts that are this service itself (from `http.public_url`): fetching them would loop.
    public var ownHosts: Set<FetchHost>
    public var userAgent: String
    public var connectTimeout: Duration
    /// From the first lookup to the last body byte, redirects included.
    public var totalTimeout: Duration
    /// Bytes of the status line and headers together.
    public var maxHeaderBytes: Int
    public var maxRedirects: Int
    /// Fetches one host may have in flight across every process.
    public var hostConcurrency: Int
    /// Fetches one host may start per `hostRateWindow` across every process.
    public var hostRateLimit: Int
    public var hostRateWindow: Duration

    public init(
        allow: HostRules = HostRules(),
        deny: HostRules = HostRules(),
        allowedPorts: Set<Int> = [80, 443],
        ownHosts: Set<FetchHost> = [],
        userAgent: String = "Discordination/1.0",
        connectTimeout: Duration = .seconds(3),
        totalTimeout: Duration = .seconds(10),
        maxHeaderBytes: Int = 32 * 1024,
        maxRedirects: Int = 5,
        hostConcurrency: Int = 8,
        hostRateLimit: Int = 60,
        hostRateWindow: Duration = .seconds(10)
    ) {
        self.allow = allow
        self.deny = deny
        self.allowedPorts = allowedPorts
        self.ownHosts = ownHosts
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxRedirects = maxRedirects
        self.hostConcurrency = hostConcurrency
        self.hostRateLimit = hostRateLimit
        self.hostRateWindow = hostRateWindow
    }
}

/// What one use of the fetcher accepts: the body size and the content types (`text/html`, `image/*`).
public struct FetchLimits: Sendable {
    /// What happens past `maxBodyBytes`: fail the fetch, or end the body there (a page's head is all an embed
    /// needs).
    public enum Overflow: Sendable {
        case fail
        case truncate
    }

    public var maxBodyBytes: Int
    public var overflow: Overflow
    /// Media type patterns; `type/*` matches a whole type. Empty accepts anything.
    public var contentTypes: [String]
    /// Sent as `Accept`.
    public var accept: String
    /// Hand answers that are not 2xx to the handler (status, headers, bounded body) instead of throwing
    /// `httpStatus`: for APIs whose error answers carry `Retry-After` or a reason. Their content type is not checked.
    public var handlesErrorStatuses: Bool

    public init(
        maxBodyBytes: Int, overflow: Overflow = .fail, contentTypes: [String] = [], accept: String = "*/*",
        handlesErrorStatuses: Bool = false
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.overflow = overflow
        self.contentTypes = contentTypes
        self.accept = accept
        self.handlesErrorStatuses = handlesErrorStatuses
    }

    func accepts(_ mediaType: String) -> Bool {
        contentTypes.isEmpty
            || contentTypes.contains { pattern in
                pattern.hasSuffix("/*") ? mediaType.hasPrefix(pattern.dropLast()) : mediaType == pattern
            }
    }
}
