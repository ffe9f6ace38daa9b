import FileServer
import Hummingbird
import JobQueue
import Media
import Storage

/// `files`: the Autumn file server (`/autumn/*`) and the internal files API; its `media.process` and
/// `media.resize` jobs run in the workers.
enum FilesRole: RoleDefinition {
    static let role = AppRole.files
    static let summary = "Run the file server (/autumn) without a job worker."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "File server and media (`/autumn`, `files.*`)", keys: ConfigurationKeys.files)

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        FileServerController<AppRequestContext>(
            settings: configuration.files,
            pipelines: configuration.pipelines,
            blobs: parts.blobs,
            metadata: parts.metadata,
            redis: parts.redis,
            jobs: parts.jobs,
            keyPrefix: configuration.redisKeyPrefix,
            presigner: configuration.downloadPresigner(parts.blobs),
            version: DiscordinationVersion.current,
            logger: parts.logger
        ).addRoutes(to: router)
        InternalFilesController<AppRequestContext>(metadata: parts.metadata, adminToken: configuration.files.adminToken)
            .addRoutes(to: router)
    }

    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        MediaJobs.register(
            in: &jobs.registry,
            processor: MediaProcessor(
                blobs: parts.blobs, metadata: parts.metadata, pipelines: configuration.pipelines,
                keepOriginals: configuration.files.keepOriginals,
                decodeBudget: MemoryBudget(limit: configuration.files.decodeMemory, overtaking: .seconds(2)),
                logger: parts.logger
            )
        )
    }
}
