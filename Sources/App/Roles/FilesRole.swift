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
        title: "File server and media (`/autumn`, `files.*`)",
        keys: [
            .init(
                "files.pipelines", .string, default: "Pipelines",
                "Directory of per-tag pipeline files (TAG.toml); tags without a file, or a missing directory, use the defaults."
            ),
            .init(
                "files.path_prefix", .string, default: "/autumn",
                "Where the Autumn routes are mounted; empty for a file server on its own host."),
            .init(
                "files.anonymous_uploads", .boolean, default: "false",
                "Accept uploads without X-Session-Token / X-Bot-Token (rate limited per client address)."),
            .init(
                "files.admin_token", .string, default: "", secret: true,
                "Bearer token of the internal /internal/files API (attach, report, delete); empty disables it."),
            .init(
                "files.rate_limit", .integer(1...1_000_000), default: "10",
                "Uploads per tag per user (or address) per window."),
            .init("files.rate_limit_window", .duration, default: "10s", "The upload rate-limit window."),
            .init(
                "files.presign_min_size", .integer(0...Int.max), default: "8388608",
                "Originals of at least this many bytes are redirected to presigned URLs (storage.s3.presign_downloads)."
            ),
            .init(
                "files.keep_originals", .boolean, default: "false",
                "Keep the untouched upload beside the stripped original of JPEG, PNG, AVIF, TIFF and WebP pictures and MP4, MOV, WebM and MKV videos (never served)."
            ),
            .init(
                "files.processing_wait", .duration, default: "10s",
                "How long a download waits for a picture still being stripped, or for an on-demand size, before 503."),
            .init(
                "files.decode_memory_mib", .integer(16...1_048_576), default: "176",
                "MiB the media jobs of a process may hold in decoders at once, each estimated from its picture's header; jobs beyond it wait."
            ),
        ])

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        let configuration = parts.configuration
        FileServerController<AppRequestContext>(
            settings: configuration.files,
            pipelines: configuration.pipelines,
            blobs: parts.blobs,
            metadata: parts.metadata,
            redis: parts.redis,
            jobs: parts.jobs,
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
                decodeBudget: MemoryBudget(limit: configuration.files.decodeMemory), logger: parts.logger
            )
        )
    }
}
