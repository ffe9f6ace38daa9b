import LinkProxy
import SafeFetch

extension AppConfiguration {
    /// The fetcher's and the January routes' settings from the `proxy.*` keys.
    static func proxySettings(
        _ resolved: ResolvedConfiguration, publicURL: String?
    ) throws(ConfigurationError) -> (SafeFetchSettings, LinkProxySettings) {
        func rules(_ key: String) throws(ConfigurationError) -> HostRules {
            do {
                return try HostRules(parsing: try resolved.list(key).joined(separator: ","))
            } catch {
                throw .inconsistent(key: key, reason: "\(error)")
            }
        }
        var ports: Set<Int> = []
        for entry in try resolved.list("proxy.ports") {
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
            userAgent: try resolved["proxy.user_agent"],
            connectTimeout: try resolved.duration("proxy.connect_timeout"),
            totalTimeout: try resolved.duration("proxy.timeout"),
            hostConcurrency: try resolved.int("proxy.host_concurrency"),
            hostRateLimit: try resolved.int("proxy.host_rate_limit"),
            hostRateWindow: try resolved.duration("proxy.host_rate_window")
        )
        let prefix = try resolved["proxy.path_prefix"]
        guard prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/") && !prefix.contains("//")) else {
            throw .inconsistent(
                key: "proxy.path_prefix", reason: "must be empty or a path like /january (no trailing /)")
        }
        guard let keys = ProxySigner.Key.parseList(try resolved.list("proxy.signing_keys").joined(separator: ","))
        else {
            throw .inconsistent(key: "proxy.signing_keys", reason: "must be id:secret pairs with secrets of 16+ bytes")
        }
        let link = LinkProxySettings(
            pathPrefix: try resolved.pathPrefix("proxy.path_prefix", example: "/january"),
            publicURL: publicURL,
            embedTTL: try resolved.duration("proxy.embed_ttl"),
            mediaTTL: try resolved.duration("proxy.media_ttl"),
            negativeTTL: try resolved.duration("proxy.negative_ttl"),
            maxPageBytes: try resolved.int("proxy.max_page_bytes"),
            maxMediaBytes: try resolved.int("proxy.max_media_bytes"),
            maxPixels: try resolved.int("proxy.max_pixels"),
            maxFrames: try resolved.int("proxy.max_frames"),
            signingKeys: keys,
            wait: try resolved.duration("proxy.wait")
        )
        return (fetch, link)
    }
}
