import HTTPSupport
import Hummingbird
import Identity
import JobQueue
import Logging
import Media
import RedisClient
import Storage

/// The Autumn-compatible file server: service info, uploads, previews and originals under the configured prefix
/// (`/autumn` by default). Downloads are public; uploads need a session or bot token unless anonymous uploads are
/// on, and are rate limited per tag and user (or address) through Redis.
public struct FileServerController<Context: FileServerRequestContext>: Sendable {
    let settings: FileServerSettings
    let pipelines: PipelineCatalog
    let ingest: UploadIngest
    let authenticator: TokenAuthenticator<Context>
    let rateLimiter: RedisRateLimiter
    let jobs: JobQueue
    /// Set when originals may be redirected to presigned URLs (`storage.s3.presign_downloads` on a plain S3 store).
    let presigner: (any DownloadPresigner)?
    let version: String
    let logger: Logger

    public init(
        settings: FileServerSettings,
        pipelines: PipelineCatalog,
        blobs: any BlobStore,
        metadata: MetadataStore,
        redis: RedisClient,
        jobs: JobQueue,
        keyPrefix: String,
        presigner: (any DownloadPresigner)?,
        version: String,
        logger: Logger
    ) {
        self.settings = settings
        self.pipelines = pipelines
        self.ingest = UploadIngest(blobs: blobs, metadata: metadata)
        self.authenticator = TokenAuthenticator(sessions: Sessions(metadata: metadata))
        self.rateLimiter = RedisRateLimiter(redis: redis, prefix: "\(keyPrefix):rl:")
        self.jobs = jobs
        self.presigner = presigner
        self.version = version
        self.logger = logger
    }

    var blobs: any BlobStore { ingest.blobs }
    var metadata: MetadataStore { ingest.metadata }

    public func addRoutes(to router: Router<Context>) {
        let prefix = settings.pathPrefix
        let group = prefix.isEmpty ? router.group() : router.group(RouterPath(prefix))
        let info = ServiceInfo(version: version, pipelines: pipelines)
        group.get("/") { _, _ in info }
        group.group().add(middleware: authenticator)
            .post(":tag") { request, context in try await upload(request, context: context) }
        group.get(":tag/:id") { request, context in try await preview(request, context: context) }
        group.head(":tag/:id") { request, context in try await preview(request, context: context) }
        group.get(":tag/:id/:filename") { request, context in try await original(request, context: context) }
        group.head(":tag/:id/:filename") { request, context in try await original(request, context: context) }
    }

    /// The pipeline of the request's `tag`, or `UnknownTag`.
    func pipeline(_ context: Context) throws -> TagPipeline {
        guard let tag = context.parameters.get("tag"), let pipeline = pipelines[tag] else {
            throw FileServerError.unknownTag
        }
        return pipeline
    }
}
