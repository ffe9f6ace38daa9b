import LinkProxy
import SafeFetch

extension AppConfiguration {
    /// The fetcher's and the January routes' settings from the `proxy.*` keys.
    static func proxySettings(
        _ resolved: ResolvedConfiguration, publicURL: String?
    ) throws(ConfigurationError) -> (SafeFetchSettings, LinkProxySettings) {
        func rules(_ key: String) throws(ConfigurationError) -> HostRules {
            do {
                return try HostRules(parsing: resolved.list(key).joined(separator: ","))
            } catch {
                throw .inconsistent(key: key, reason: "\(error)")
            }
        }
        var ports: Set<Int> = []
        for entry in resolved.list("proxy.ports") {
            guard let port = Int(entry), (1...65535).contains(port) else {
                throw .inconsistent(key: "proxy.ports", reason: "\(entry) is not a port number")
            }
            ports.insert(port)
        }
        var ownHosts: Set<FetchHost> = []
        if let publicURL, let url = try? FetchURL(parsing: publicURL) { ownHosts.insert(url.host) }
        let fetch = SafeFetchSettings(
            allow: try rules("proxy.allow"),
            deny: try rules("proxy.deny"),
            allowedPorts: ports,
            ownHosts: ownHosts,
            userAgent: resolved["proxy.user_agent"],
            connectTimeout: resolved.duration("proxy.connect_timeout"),
            totalTimeout: resolved.duration("proxy.timeout"),
            hostConcurrency: resolved.int("proxy.host_concurrency"),
            hostRateLimit: resolved.int("proxy.host_rate_limit"),
            hostRateWindow: resolved.duration("proxy.host_rate_window")
        )
        let prefix = resolved["proxy.path_prefix"]
        guard prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/") && !prefix.contains("//")) else {
            throw .inconsistent(
                key: "proxy.path_prefix", reason: "must be empty or a path like /january (no trailing /)")
        }
        guard let keys = ProxySigner.Key.parseList(resolved.list("proxy.signing_keys").joined(separator: ",")) else {
            throw .inconsistent(key: "proxy.signing_keys", reason: "must be id:secret pairs with secrets of 16+ bytes")
        }
        let link = LinkProxySettings(
            pathPrefix: try resolved.pathPrefix("proxy.path_prefix", example: "/january"),
            publicURL: publicURL,
            embedTTL: resolved.duration("proxy.embed_ttl"),
            mediaTTL: resolved.duration("proxy.media_ttl"),
            negativeTTL: resolved.duration("proxy.negative_ttl"),
            maxPageBytes: resolved.int("proxy.max_page_bytes"),
            maxMediaBytes: resolved.int("proxy.max_media_bytes"),
            maxPixels: resolved.int("proxy.max_pixels"),
            maxFrames: resolved.int("proxy.max_frames"),
            signingKeys: keys,
            wait: resolved.duration("proxy.wait")
        )
        return (fetch, link)
    }
}
