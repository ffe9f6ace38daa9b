import GifProxy
import SafeFetch

extension AppConfiguration {
    /// The GIF routes' settings from the `gifs.*` keys.
    static func gifSettings(
        _ resolved: ResolvedConfiguration, publicURL: String?
    ) throws(ConfigurationError) -> GifProxySettings {
        let provider = GifProxySettings.ProviderKind(rawValue: try resolved["gifs.provider"]) ?? .giphy
        var baseURL = try resolved["gifs.base_url"]
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        if baseURL.isEmpty { baseURL = provider.defaultBaseURL ?? "" }
        let apiKey = try resolved["gifs.api_key"]
        if baseURL.isEmpty && !apiKey.isEmpty {
            throw .inconsistent(key: "gifs.base_url", reason: "must name the provider's API root for tenor")
        }
        if !baseURL.isEmpty {
            guard (try? FetchURL(parsing: baseURL)) != nil else {
                throw .inconsistent(key: "gifs.base_url", reason: "is not a URL the fetcher can read")
            }
        }
        let locale: String
        do {
            locale = try GifQuery.checkedLocale(try resolved["gifs.locale"])
        } catch {
            throw .inconsistent(key: "gifs.locale", reason: "must look like en or en_US")
        }
        return GifProxySettings(
            provider: provider,
            baseURL: baseURL,
            apiKey: try resolved["gifs.api_key"],
            clientKey: try resolved["gifs.client_key"],
            pathPrefix: try resolved.pathPrefix("gifs.path_prefix", example: "/gifs"),
            gifboxPrefix: try resolved.pathPrefix("gifs.gifbox_prefix", example: "/gifbox"),
            publicURL: publicURL,
            anonymous: try resolved.bool("gifs.anonymous"),
            requestsPerWindow: try resolved.int("gifs.rate_limit"),
            rateWindow: try resolved.duration("gifs.rate_limit_window"),
            ttl: [
                .search: try resolved.duration("gifs.search_ttl"),
                .trending: try resolved.duration("gifs.trending_ttl"),
                .categories: try resolved.duration("gifs.categories_ttl"),
                .autocomplete: try resolved.duration("gifs.autocomplete_ttl"),
            ],
            staleWhileRevalidate: try resolved.duration("gifs.stale_while_revalidate"),
            staleIfError: try resolved.duration("gifs.stale_if_error"),
            contentFilter: ContentFilter(rawValue: try resolved["gifs.content_filter"]) ?? .medium,
            defaultLocale: locale,
            maxLimit: try resolved.int("gifs.max_limit"),
            timeout: try resolved.duration("gifs.timeout"),
            wait: try resolved.duration("gifs.wait"),
            breakerFailures: try resolved.int("gifs.breaker_failures"),
            breakerCooldown: try resolved.duration("gifs.breaker_cooldown"),
            mirrorMedia: try resolved.bool("gifs.mirror_media"),
            mediaTTL: try resolved.duration("gifs.media_ttl"),
            maxMediaBytes: try resolved.int("gifs.max_media_bytes"),
            maxAnswerBytes: try resolved.int("gifs.max_answer_bytes")
        )
    }
}
