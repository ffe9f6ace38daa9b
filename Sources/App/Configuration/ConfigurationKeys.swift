/// Every configuration key the service reads, with its default. `Samples/discordination.toml` documents the same
/// list; a test keeps the two in step.
public enum ConfigurationKeys {
    /// The sections of the reference in order: the process's own, each role's, then logging.
    public static let sections: [ConfigurationSection] =
        [
            ConfigurationSection(title: "HTTP server", keys: http),
            ConfigurationSection(title: "Redis", keys: redis),
            ConfigurationSection(title: "Job queue", keys: jobs),
            ConfigurationSection(title: "Metadata database", keys: database),
            ConfigurationSection(title: "Blob storage", keys: storage),
        ]
        + AppRole.allCases.compactMap { $0.definition.configuration }
        + [ConfigurationSection(title: "Logging", keys: log)]

    public static let all: [ConfigurationKey] = sections.flatMap(\.keys)

    static let http: [ConfigurationKey] = [
        .init("http.host", .string, default: "127.0.0.1", "Address the HTTP server binds to (0.0.0.0 for all)."),
        .init("http.port", .integer(0...65535), default: "8080", "TCP port of the HTTP server (0 picks a free one)."),
        .init(
            "http.public_url", .url, default: "", "URL clients reach the service at (used in links and loop checks)."),
        .init(
            "http.trusted_proxies", .list, default: "",
            "CIDR blocks of reverse proxies whose Forwarded / X-Forwarded-For headers name the client (rate limits)."),
    ]

    static let redis: [ConfigurationKey] = [
        .init(
            "redis.url", .string, default: "",
            "redis://[user:password@]host:port/db or unix:///path; empty starts a private redis-server child."),
        .init(
            "redis.server_binary", .string, default: "redis-server",
            "The redis-server executable for the private child (when redis.url is empty)."),
        .init("redis.pool_size", .integer(1...1024), default: "16", "Pooled connections per process."),
        .init("redis.command_timeout", .duration, default: "5s", "Deadline for one command or pipeline."),
        .init("redis.connect_timeout", .duration, default: "2s", "Deadline for opening a connection."),
    ]

    static let jobs: [ConfigurationKey] = [
        .init(
            "jobs.namespace", .string, default: "dcn",
            "Prefix of every queue key in Redis; deployments sharing one Redis need different ones."),
        .init("jobs.concurrency", .integer(1...10_000), default: "16", "Jobs in flight per queue in this process."),
        .init(
            "jobs.visibility_timeout", .duration, default: "30s",
            "A job unanswered this long (its worker died) is reclaimed by another worker."),
        .init(
            "jobs.shutdown_grace", .duration, default: "25s",
            "On SIGTERM, how long running jobs may finish before they are handed back to the queue."),
        .init(
            "jobs.max_deliveries", .integer(1...1000), default: "5",
            "Deliveries after which a job that keeps killing its worker is dead-lettered."),
        .init("jobs.events", .boolean, default: "true", "Publish completions and failures to the events stream."),
        .init("jobs.events_max_length", .integer(1...100_000_000), default: "100000", "Events kept (approximately)."),
        .init("jobs.dead_max_length", .integer(1...100_000_000), default: "100000", "Dead jobs kept per queue."),
    ]

    static let database: [ConfigurationKey] = [
        .init(
            "database.url", .string, default: "",
            "sqlite:PATH or postgres://user:password@host:port/db; empty uses sqlite in the data directory."),
        .init(
            "database.migrate", .boolean, default: "true",
            "Apply pending schema migrations at start-up; false when operators run `discordination db migrate`."),
    ]

    static let storage: [ConfigurationKey] = [
        .init(
            "storage.data_dir", .string, default: "./data",
            "Directory for everything kept locally (SQLite, blobs on disk, the private Redis)."),
        .init("storage.backend", .choice(["disk", "s3"]), default: "disk", "Where blobs are kept."),
        .init(
            "storage.encryption_key", .string, default: "", secret: true,
            "AES-256-GCM key for blobs at rest: 32 bytes as 64 hex digits or base64; empty stores them as they are."),
        .init(
            "storage.disk.path", .string, default: "", "Blob directory for the disk backend; empty is DATA_DIR/blobs."),
        .init(
            "storage.s3.endpoint", .url, default: "", "S3-compatible endpoint, e.g. https://s3.eu-west-1.amazonaws.com."
        ),
        .init("storage.s3.region", .string, default: "us-east-1", "Region used in request signatures."),
        .init("storage.s3.bucket", .string, default: "discordination", "Bucket holding the blobs."),
        .init("storage.s3.access_key", .string, default: "", "Access key id."),
        .init("storage.s3.secret_key", .string, default: "", secret: true, "Secret access key."),
        .init(
            "storage.s3.path_style", .boolean, default: "true",
            "Path-style URLs (endpoint/bucket/key); false for virtual-host style (bucket.endpoint/key)."),
        .init("storage.s3.create_bucket", .boolean, default: "false", "Create the bucket at start-up when missing."),
        .init(
            "storage.s3.presign_downloads", .boolean, default: "false",
            "Redirect large downloads to presigned URLs of the bucket instead of passing the bytes through."),
        .init("storage.s3.presign_expiry", .duration, default: "15m", "How long a presigned download URL is valid."),
        .init(
            "storage.s3.upload_memory_mib", .integer(8...65536), default: "32",
            "MiB of part buffers all S3 uploads of a process may hold together (8 MiB per part in flight)."),
    ]

    static let log: [ConfigurationKey] = [
        .init(
            "log.level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
            default: "info", "Lowest level logged."),
        .init("log.format", .choice(["text", "json"]), default: "text", "One line per event: text or JSON."),
    ]

    static let byName: [String: ConfigurationKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func key(named name: String) -> ConfigurationKey? { byName[name] }
}
