import JobQueue
import Logging

/// Makes the embed of one URL. The idempotency key is the URL's hash, so a link posted in a busy channel is
/// fetched once however many clients ask for it at the same time.
public struct EmbedFetch: JobParameters {
    public static let jobName = "embed.fetch"
    public static let queue: QueueName = .fetch
    public var url: String

    public init(url: String) { self.url = url }

    public var idempotencyKey: String { "embed.fetch:\(LinkCache.digest(url))" }
}

/// Fetches and stores one proxied image or video; one job per URL however many viewers wait for it.
public struct ProxyFetch: JobParameters {
    public static let jobName = "proxy.fetch"
    public static let queue: QueueName = .fetch
    public var url: String

    public init(url: String) { self.url = url }

    public var idempotencyKey: String { "proxy.fetch:\(LinkCache.digest(url))" }
}

/// The `embed.*` and `proxy.*` jobs: each fetches, caches what it got (or the error, briefly) and returns the
/// cache entry to the requests waiting for it. Not retried: the requests are waiting, and the next one after the
/// negative TTL tries again.
public enum LinkJobs {
    public static func register(
        in registry: inout JobRegistry,
        extractor: EmbedExtractor,
        media: MediaProxy,
        cache: LinkCache,
        settings: LinkProxySettings,
        logger: Logger
    ) {
        let timeout = settings.wait + .seconds(30)
        registry.register(EmbedFetch.self, retry: .never, timeout: timeout) { job, _ in
            // Links posted in chat ask through the queue, not the route: a kept answer is returned as it is.
            if let cached = try await cache.get("embed", url: job.url, as: Embed.self) { return cached }
            let entry: LinkCache.Entry<Embed>
            do {
                entry = .value(try await extractor.embed(for: job.url))
            } catch {
                let failure = LinkProxyError.from(error, forEmbed: true)
                logger.debug("no embed", metadata: ["url": "\(job.url)", "error": "\(failure.type)"])
                entry = .error(failure)
            }
            try await cache.remember(
                entry, kind: "embed", url: job.url, ttl: settings.embedTTL, negativeTTL: settings.negativeTTL)
            return entry
        }
        registry.register(ProxyFetch.self, retry: .never, timeout: timeout) { job, _ in
            let entry: LinkCache.Entry<ProxiedMedia>
            do {
                entry = .value(try await media.fetchAndStore(job.url))
            } catch {
                let failure = LinkProxyError.from(error, forEmbed: false)
                logger.debug("not proxied", metadata: ["url": "\(job.url)", "error": "\(failure.type)"])
                entry = .error(failure)
            }
            try await cache.remember(
                entry, kind: "media", url: job.url, ttl: settings.mediaTTL, negativeTTL: settings.negativeTTL)
            return entry
        }

    }
}
