import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import JobQueue
import Logging
import NIOCore
import RedisClient
import Storage

/// The GIF routes in both dialects. A request is authenticated and counted against its user's rate limit, then
/// answered from the Redis cache; a stale answer is served at once while a `gif.fetch` job refreshes it, and a miss
/// waits for that job (one per question however many ask, in any process). When the provider fails, the last good
/// answer is served if one is kept. The front end never calls the provider itself.
public struct GifProxyController<Context: GifRequestContext>: Sendable {
    let settings: GifProxySettings
    let providerName: String
    let cache: GifCache
    let jobs: JobQueue
    let blobs: any BlobStore
    let authenticator: TokenAuthenticator<Context>
    let rateLimiter: RedisRateLimiter
    let links: MediaLinks?
    let rendered = RenderedAnswers()
    let leases = RateLimitLeases()
    let logger: Logger

    public init(
        settings: GifProxySettings, cache: GifCache, jobs: JobQueue, blobs: any BlobStore, sessions: Sessions,
        keyPrefix: String,
        logger: Logger
    ) {
        self.settings = settings
        providerName = settings.provider.rawValue + " " + settings.baseURL
        self.cache = cache
        self.jobs = jobs
        self.blobs = blobs
        authenticator = TokenAuthenticator(sessions: sessions)
        rateLimiter = RedisRateLimiter(redis: jobs.redis, prefix: "\(keyPrefix):rl:")
        links = settings.mirrorMedia ? MediaLinks(apiKey: settings.apiKey, route: Self.mediaRoute(settings)) : nil
        self.logger = logger
    }

    /// `{public_url}{prefix}/media`, relative when no public URL is configured.
    static func mediaRoute(_ settings: GifProxySettings) -> String {
        let base = settings.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        return base + settings.pathPrefix + "/media"
    }

    public func addRoutes(to router: Router<Context>) {
        let gifbox = router.group(RouterPath(settings.gifboxPrefix.isEmpty ? "/" : settings.gifboxPrefix))
            .add(middleware: authenticator)
        for (path, route) in [("search", GifRoute.search), ("trending", .trending), ("categories", .categories)] {
            gifbox.get(RouterPath(path)) { request, context in
                try await answer(request, context, route: route, dialect: .gifbox)
            }
        }
        let tenor = router.group(RouterPath(settings.pathPrefix + "/v2")).add(middleware: authenticator)
        for (path, route) in [
            ("search", GifRoute.search), ("featured", .trending), ("categories", .categories),
            ("autocomplete", .autocomplete),
        ] {
            tenor.get(RouterPath(path)) { request, context in
                try await answer(request, context, route: route, dialect: .tenor)
            }
        }
        router.get(RouterPath(settings.pathPrefix + "/media")) { request, _ in try await media(request) }
    }

    enum Dialect {
        case gifbox
        case tenor
    }

    func answer(_ request: Request, _ context: Context, route: GifRoute, dialect: Dialect) async throws -> Response {
        let parameters = request.uri.queryParameters
        if context.identity == nil, !settings.anonymous { throw APIError.notAuthenticated }
        let who = context.identity.map { "user:\($0.userID)" } ?? "ip:\(context.clientAddress)"
        let query: GifQuery
        switch dialect {
        case .gifbox:
            query = try GifQuery(
                route: route, text: parameters.get("query"), locale: parameters.get("locale"),
                limit: parameters.get("limit"), position: parameters.get("position"),
                filter: parameters.get("contentfilter"), settings: settings)
        case .tenor:
            query = try GifQuery(
                route: route, text: parameters.get("q"), locale: parameters.get("locale"),
                limit: parameters.get("limit"), position: parameters.get("pos"),
                filter: parameters.get("contentfilter") ?? parameters.get("rating"), settings: settings)
        }
        // Tenor's `media_filter`; the gifbox dialect has none, so it never splits that dialect's rendered bodies.
        let filter =
            dialect == .gifbox
            ? nil
            : parameters.get("media_filter").map {
                Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
        let digest = query.digest(provider: providerName)
        // Plain concatenation: interpolating the enum and the array went through reflection on every hit.
        let question =
            (dialect == .gifbox ? "gifbox|" : "tenor|") + digest + "|"
            + (filter?.sorted().joined(separator: ",") ?? "") + "|"
        let limitKey = "gifs:" + who
        // An answer Redis showed a moment ago, and a slot of this process's lease on the rate limit: no round trip.
        if settings.isConfigured, let confirmed = rendered.confirmed(question),
            cache.age(confirmed.fetchedAt) <= settings.freshFor(query.route),
            let decision = leases.spend(limitKey, limit: settings.requestsPerWindow, bucket: "gifs")
        {
            GifMetrics.answered(.hit)
            return Self.response(confirmed.body, status: .hit, decision: decision)
        }
        // Otherwise the rate-limit count and the cache read are one script: a hit costs one round trip to Redis. The
        // script reads only the answer's stamp; when this process has already rendered that answer and it is fresh,
        // the 12 KB answer never leaves Redis. Otherwise the whole answer is read.
        let (decision, head) = try await admit(limitKey, reading: cache.answerKey(digest))
        var kept: GifCache.Kept?
        if settings.isConfigured, let stamp = head.flatMap(cache.stamp) {
            let name = RenderedAnswers.name(question, fetchedAt: stamp.fetchedAt)
            if stamp.age <= settings.freshFor(query.route), let body = rendered.body(name) {
                rendered.confirm(question, fetchedAt: stamp.fetchedAt, body: body)
                GifMetrics.answered(.hit)
                return Self.response(body, status: .hit, decision: decision)
            }
            kept = try await cache.kept(digest)
        }
        let (found, status) = try await lookup(query, digest: digest, kept: kept)
        GifMetrics.answered(status)
        let body: ByteBuffer
        if let fetchedAt = found.fetchedAt,
            let kept = rendered.body(RenderedAnswers.name(question, fetchedAt: fetchedAt))
        {
            body = kept
        } else {
            let decoded = try found.answer()
            let answer = links?.rewrite(decoded) ?? decoded
            switch dialect {
            case .gifbox:
                body = ByteBuffer(bytes: try GifboxDialect.render(answer, route: route))
            case .tenor:
                body = ByteBuffer(
                    bytes: try TenorDialect.render(
                        answer, route: route, mediaFilter: filter, searchPath: settings.pathPrefix + "/v2/search"))
            }
            if let fetchedAt = found.fetchedAt {
                rendered.keep(body, as: RenderedAnswers.name(question, fetchedAt: fetchedAt))
            }
        }
        // Read from Redis just now and fresh: the next hits may be served without asking again.
        if status == .hit, let fetchedAt = found.fetchedAt {
            rendered.confirm(question, fetchedAt: fetchedAt, body: body)
        }
        return Self.response(body, status: status, decision: decision)
    }

    /// The answer's bytes are shared with the kept rendering, not copied (a hit sends 12 KB).
    static func response(_ body: ByteBuffer, status: CacheStatus, decision: RateLimitDecision) -> Response {
        var headers: HTTPFields = [
            .contentType: "application/json; charset=utf-8", .cacheControl: "private, max-age=60",
            HTTPField.Name("X-Cache")!: status.rawValue,
        ]
        RateLimitHeaders.apply(decision, style: .discord, to: &headers)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// Counts the request against its user's (or, anonymous, its address's) window and reads the stamp of the
    /// answer kept under `key` on the way. A slot of this process's lease is spent when one is left (then Redis is
    /// only read); otherwise a new lease is taken in the same script as the read.
    func admit(_ limitKey: String, reading key: String) async throws -> (RateLimitDecision, [UInt8]?) {
        let limit = settings.requestsPerWindow
        if let decision = leases.spend(limitKey, limit: limit, bucket: "gifs") {
            return (decision, try await cache.stampBytes(key))
        }
        let (decision, granted, value) = try await rateLimiter.take(
            RateLimitLeases.size(for: limit), key: limitKey, bucket: "gifs", limit: limit,
            window: settings.rateWindow, reading: key, firstBytes: GifCache.stampLength)
        guard decision.allowed else {
            throw GifProxyError(
                "RateLimited", retryAfter: GifFetcher.seconds(decision.resetAfter),
                headers: Dictionary(RateLimitHeaders.fields(decision, style: .discord).map { ($0.name, $0.value) }) {
                    _, last in last
                })
        }
        leases.keep(limitKey, spare: granted - 1, decision: decision)
        // The lease's spare slots are still this client's to spend.
        var counted = decision
        counted.remaining += granted - 1
        return (counted, value)
    }

    /// An answer as found: kept in Redis (decoded only if this process has not rendered it yet) or just fetched.
    struct Found {
        var fetchedAt: Int64?
        var answer: () throws -> GifAnswer

        static func kept(_ kept: GifCache.Kept) -> Found { Found(fetchedAt: kept.fetchedAt, answer: kept.answer) }
    }

    /// The answer to `query` and where it came from.
    func lookup(_ query: GifQuery, digest: String, kept: GifCache.Kept?) async throws -> (Found, CacheStatus) {
        guard settings.isConfigured else { throw GifProxyError.notConfigured }
        let fresh = settings.freshFor(query.route)
        if let kept, kept.age <= fresh { return (.kept(kept), .hit) }
        if let kept, kept.age <= fresh + settings.staleWhileRevalidate {
            do {
                _ = try await enqueueFetch(query, digest: digest, replacing: kept.fetchedAt)
            } catch {
                logger.warning("GIF refresh not queued", metadata: ["error": "\(error)"])
            }
            return (.kept(kept), .stale)
        }
        let outcome: GifFetchOutcome
        do {
            let id = try await enqueueFetch(query, digest: digest, replacing: kept?.fetchedAt ?? 0)
            outcome = try await jobs.result(of: id, as: GifFetchOutcome.self, timeout: settings.wait)
        } catch JobQueueError.resultTimedOut {
            outcome = .failed(.timedOut)
        } catch let error as JobQueueError {
            logger.warning("GIF fetch job failed", metadata: ["error": "\(error)"])
            outcome = .failed(.upstream("the GIF fetch failed"))
        }
        switch outcome {
        case .answer(let answer):
            return (Found(fetchedAt: nil, answer: { answer }), .miss)
        case .failed(let error):
            if let kept, error.type != "InvalidRequest", kept.age <= fresh + settings.staleIfError {
                return (.kept(kept), .staleIfError)
            }
            throw error
        }
    }

    private func enqueueFetch(_ query: GifQuery, digest: String, replacing: Int64) async throws -> JobID {
        let job = GifFetch(query: query, digest: digest, replacing: replacing)
        return try await jobs.enqueue(
            job,
            options: JobOptions(
                idempotencyKey: job.idempotencyKey, uniqueFor: settings.wait + .seconds(5),
                keepResult: max(settings.wait * 2, .seconds(60))))
    }

    /// `GET {prefix}/media?url=&sig=`: a mirrored file, fetched by a `gif.mirror` job on first use.
    func media(_ request: Request) async throws -> Response {
        guard let links else { throw GifProxyError.notFound }
        guard let url = request.uri.queryParameters.get("url"), let signature = request.uri.queryParameters.get("sig"),
            links.verify(url, signature: signature)
        else { throw GifProxyError.invalidSignature }
        let digest = MediaLinks.digest(url)
        var headers: HTTPFields = [.cacheControl: "public, max-age=86400, immutable"]
        SecurityHeaders.apply(to: &headers)
        return try await StoredBlobResponse.serve(
            from: blobs, headers: headers,
            locate: {
                let record: MirroredMedia
                if let kept = try await cache.media(digest) { record = kept } else { record = try await mirrored(url) }
                return (record.key, record.contentType)
            },
            // The stored copy was cleaned up before its record expired: mirror it again.
            forget: { try await cache.forgetMedia(digest) },
            gone: GifProxyError.upstream("the mirrored file could not be stored"))
    }

    private func mirrored(_ url: String) async throws -> MirroredMedia {
        let job = GifMirror(url: url)
        let outcome: MirrorOutcome
        do {
            outcome = try await jobs.enqueueAndWait(
                job, as: MirrorOutcome.self,
                options: JobOptions(idempotencyKey: job.idempotencyKey, uniqueFor: settings.wait + .seconds(5)),
                timeout: settings.wait)
        } catch JobQueueError.resultTimedOut {
            throw GifProxyError.timedOut
        }
        switch outcome {
        case .stored(let media): return media
        case .failed(let error): throw error
        }
    }
}
