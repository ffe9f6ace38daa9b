import GifProxy
import SafeFetch

extension AppConfiguration {
    /// The GIF routes' settings from the `gifs.*` keys.
    static func gifSettings(
        _ resolved: ResolvedConfiguration, publicURL: String?
    ) throws(ConfigurationError) -> GifProxySettings {
        let provider = GifProxySettings.ProviderKind(rawValue: resolved["gifs.provider"]) ?? .giphy
        var baseURL = resolved["gifs.base_url"]
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        if baseURL.isEmpty { baseURL = provider.defaultBaseURL ?? "" }
        if baseURL.isEmpty && !resolved["gifs.api_key"].isEmpty {
            throw .inconsistent(key: "gifs.base_url", reason: "must name the provider's API root for tenor")
        }
        if !baseURL.isEmpty {
            guard (try? FetchURL(parsing: baseURL)) != nil else {
                throw .inconsistent(key: "gifs.base_url", reason: "is not a URL the fetcher can read")
            }
        }
        let locale: String
        do {
            locale = try GifQuery.checkedLocale(resolved["gifs.locale"])
        } catch {
            throw .inconsistent(key: "gifs.locale", reason: "must look like en or en_US")
        }
        return GifProxySettings(
            provider: provider,
            baseURL: baseURL,
            apiKey: resolved["gifs.api_key"],
            clientKey: resolved["gifs.client_key"],
            pathPrefix: try resolved.pathPrefix("gifs.path_prefix", example: "/gifs"),
            gifboxPrefix: try resolved.pathPrefix("gifs.gifbox_prefix", example: "/gifbox"),
            publicURL: publicURL,
            anonymous: resolved.bool("gifs.anonymous"),
            requestsPerWindow: resolved.int("gifs.rate_limit"),
            rateWindow: resolved.duration("gifs.rate_limit_window"),
            ttl: [
                .search: resolved.duration("gifs.search_ttl"), .trending: resolved.duration("gifs.trending_ttl"),
                .categories: resolved.duration("gifs.categories_ttl"),
                .autocomplete: resolved.duration("gifs.autocomplete_ttl"),
            ],
            staleWhileRevalidate: resolved.duration("gifs.stale_while_revalidate"),
            staleIfError: resolved.duration("gifs.stale_if_error"),
            contentFilter: ContentFilter(rawValue: resolved["gifs.content_filter"]) ?? .medium,
            defaultLocale: locale,
            maxLimit: resolved.int("gifs.max_limit"),
            timeout: resolved.duration("gifs.timeout"),
            wait: resolved.duration("gifs.wait"),
            breakerFailures: resolved.int("gifs.breaker_failures"),
            breakerCooldown: resolved.duration("gifs.breaker_cooldown"),
            mirrorMedia: resolved.bool("gifs.mirror_media"),
            mediaTTL: resolved.duration("gifs.media_ttl"),
            maxMediaBytes: resolved.int("gifs.max_media_bytes"),
            maxAnswerBytes: resolved.int("gifs.max_answer_bytes")
        )
    }
}
