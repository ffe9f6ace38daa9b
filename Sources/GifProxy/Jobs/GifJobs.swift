import JobQueue
import Logging

/// The `gif.*` jobs: `gif.fetch` asks the provider and caches the answer, `gif.mirror` copies a media file into the
/// blob store. Neither is retried: requests are waiting, and the next request after a failure asks again.
public enum GifJobs {
    public static func register(
        in registry: inout JobRegistry, fetcher: GifFetcher, mirror: MediaMirror, cache: GifCache,
        settings: GifProxySettings
    ) {
        let timeout = settings.wait + settings.timeout + .seconds(30)
        registry.register(GifFetch.self, retry: .never, timeout: timeout) { job, _ in
            try await fetcher.fetch(job)
        }
        registry.register(GifMirror.self, retry: .never, timeout: timeout) { job, _ in
            do {
                let media = try await mirror.mirror(job.url)
                try await cache.setMedia(media, digest: MediaLinks.digest(job.url), ttl: settings.mediaTTL)
                return MirrorOutcome.stored(media)
            } catch let error as GifProxyError {
                return MirrorOutcome.failed(error)
            }
        }
    }
}

/// What a `gif.mirror` job hands the requests waiting for it.
public enum MirrorOutcome: Codable, Sendable, Equatable {
    case stored(MirroredMedia)
    case failed(GifProxyError)
}
