import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import JobQueue
import Logging
import NIOCore
import SafeFetch
import Storage

/// The January routes: `GET /embed?url=` and `GET /proxy?url=` answer from the cache, or enqueue the fetch job
/// (one per URL however many clients ask) and wait for it. The front end never fetches anything itself.
public struct LinkProxyController<Context: RequestContext>: Sendable {
    let settings: LinkProxySettings
    let cache: LinkCache
    let jobs: JobQueue
    let blobs: any BlobStore
    let signer: ProxySigner
    let version: String
    let logger: Logger

    /// What proxied media is served with: cacheable for ten minutes, never sniffed or run by a browser.
    static var mediaHeaders: HTTPFields {
        var headers: HTTPFields = [.cacheControl: "public, max-age=600, immutable"]
        SecurityHeaders.apply(to: &headers)
        return headers
    }

    public init(
        settings: LinkProxySettings, cache: LinkCache, jobs: JobQueue, blobs: any BlobStore, version: String,
        logger: Logger
    ) {
        self.settings = settings
        self.cache = cache
        self.jobs = jobs
        self.blobs = blobs
        signer = ProxySigner(keys: settings.signingKeys)
        self.version = version
        self.logger = logger
    }

    public func addRoutes(to router: Router<Context>) {
        let group = router.group(RouterPath(settings.pathPrefix.isEmpty ? "/" : settings.pathPrefix))
        group.get("/") { _, _ in
            JSONResponse.make(
                bytes: try LinkCache.encode(["january": "Hello, I am a media proxy server!", "version": version]),
                headers: [:]
            )
        }
        group.get("embed") { request, _ in try await embed(request) }
        group.get("proxy") { request, _ in try await proxy(request) }
    }

    func embed(_ request: Request) async throws -> Response {
        let url = try Self.targetURL(request)
        let headers: HTTPFields = [.cacheControl: "public, max-age=600"]
        // A hit is the stored JSON as it is, without decoding it.
        switch try await cache.storedForRoute("embed", url: url) {
        case .value(let body)?: return JSONResponse.make(bytes: body, headers: headers)
        case .error(let error)?: throw error
        case nil: break
        }
        let job = EmbedFetch(url: url)
        switch try await fetched(job, key: job.idempotencyKey, url: url, as: Embed.self) {
        case .value(let embed): return JSONResponse.make(bytes: try LinkCache.encode(embed), headers: headers)
        case .error(let error): throw error
        }
    }

    func proxy(_ request: Request) async throws -> Response {
        if signer.isEnabled {
            guard let raw = request.uri.queryParameters.get("url"),
                let signature = request.uri.queryParameters.get("sig"), signer.verify(raw, signature: signature)
            else { throw LinkProxyError.invalidSignature }
        }
        let url = try Self.targetURL(request)
        return try await StoredBlobResponse.serve(
            from: blobs, headers: Self.mediaHeaders,
            locate: {
                let job = ProxyFetch(url: url)
                let entry: LinkCache.Entry<ProxiedMedia>
                if let cached = try await cache.get("media", url: url, as: ProxiedMedia.self) {
                    entry = cached
                } else {
                    entry = try await fetched(job, key: job.idempotencyKey, url: url, as: ProxiedMedia.self)
                }
                switch entry {
                case .value(let media):
                    return (media.key, media.contentType)
                case .error(let error): throw error
                }
            },
            // The stored copy is gone (cleaned up before the record expired): fetch it again.
            forget: { try await cache.forget("media", url: url) },
            gone: LinkProxyError("UpstreamError", reason: "the proxied file could not be stored"))
    }

    /// The entry the URL's job makes (one job per URL however many requests wait), after a cache miss.
    private func fetched<Job: JobParameters, Value: Codable & Sendable>(
        _ job: Job, key: String, url: String, as type: Value.Type
    ) async throws -> LinkCache.Entry<Value> {
        do {
            return try await jobs.enqueueAndWait(
                job, as: LinkCache.Entry<Value>.self,
                options: JobOptions(idempotencyKey: key, uniqueFor: settings.wait + .seconds(5)),
                timeout: settings.wait
            )
        } catch JobQueueError.resultTimedOut {
            throw LinkProxyError("RequestTimedOut")
        } catch let error as JobQueueError {
            logger.warning("link job failed", metadata: ["url": "\(url)", "error": "\(error)"])
            throw LinkProxyError("UpstreamError", reason: "the fetch failed")
        }
    }

    /// The `url` parameter, normalised as the fetcher will read it (so spellings of one URL share a cache entry);
    /// a URL the fetcher refuses on sight is refused here without a job.
    static func targetURL(_ request: Request) throws -> String {
        guard let raw = request.uri.queryParameters.get("url"), !raw.isEmpty else {
            throw LinkProxyError("InvalidOperation", reason: "the url parameter is missing")
        }
        guard raw.utf8.count <= 4096 else { throw LinkProxyError("InvalidOperation", reason: "the URL is too long") }
        do {
            return try FetchURL(parsing: raw).description
        } catch {
            throw LinkProxyError.from(error, forEmbed: false)
        }
    }
}
