import SafeFetch

/// Builds the configured provider.
public enum GifProviders {
    public static func make(_ settings: GifProxySettings, fetcher: SafeFetcher) -> any GifProvider {
        let client = ProviderClient(fetcher: fetcher, maxAnswerBytes: settings.maxAnswerBytes)
        switch settings.provider {
        case .giphy:
            return GiphyProvider(client: client, baseURL: settings.baseURL, apiKey: settings.apiKey)
        case .tenor:
            return TenorProvider(
                client: client, baseURL: settings.baseURL, apiKey: settings.apiKey, clientKey: settings.clientKey)
        }
    }
}
