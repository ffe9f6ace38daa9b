import FileServer
import Hummingbird
import JobQueue
import Logging
import RedisClient
import Storage

/// Mounts the Autumn routes and the internal files API on `router`.
func addFileServer(
    to router: Router<AppRequestContext>,
    _ configuration: AppConfiguration,
    blobs blobStore: any BlobStore,
    metadata: MetadataStore,
    redis: RedisClient,
    jobs: JobQueue,
    logger: Logger
) {
    FileServerController<AppRequestContext>(
        settings: configuration.files,
        pipelines: configuration.pipelines,
        blobs: blobStore,
        metadata: metadata,
        redis: redis,
        jobs: jobs,
        presigner: configuration.downloadPresigner(blobStore),
        version: DiscordinationVersion.current,
        logger: logger
    ).addRoutes(to: router)
    InternalFilesController<AppRequestContext>(metadata: metadata, adminToken: configuration.files.adminToken)
        .addRoutes(to: router)
}
