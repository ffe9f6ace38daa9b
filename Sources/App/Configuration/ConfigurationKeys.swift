/// Every configuration key the service reads, with its default: the process's own sections and, below them, each
/// role's (which its `RoleDefinition` names). `Samples/discordination.toml` documents the same list; a test keeps the
/// two in step.
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
        .init(
            "redis.key_prefix", .string, default: "dcn",
            "Prefix of the Redis keys that are not the job queue's: caches, rate limits, per-host fetch limits, the cleanup lease. Installations sharing a Redis need different ones; set it to a changed jobs.namespace to keep that installation's caches."
        ),
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

    /// The `files` role's section.
    static let files: [ConfigurationKey] = [
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
    ]

    /// The `proxy` role's section.
    static let proxy: [ConfigurationKey] = [
        .init(
            "proxy.path_prefix", .string, default: "/january",
            "Where the January routes (embeds, media proxy) are mounted; empty for a proxy on its own host."),
        .init(
            "proxy.allow", .list, default: "",
            "Hosts (example.com, *.example.com) and CIDR blocks fetched even when private (an intranet, a test origin)."
        ),
        .init("proxy.deny", .list, default: "", "Hosts and CIDR blocks never fetched, whatever they resolve to."),
        .init("proxy.ports", .list, default: "80,443", "Ports URLs may name (hosts on proxy.allow may use any)."),
        .init("proxy.user_agent", .string, default: "Discordination/1.0", "User-Agent of every outbound request."),
        .init("proxy.connect_timeout", .duration, default: "3s", "Deadline for opening a connection to an origin."),
        .init(
            "proxy.timeout", .duration, default: "10s",
            "Deadline for a whole fetch: lookups, redirects, headers and body."),
        .init(
            "proxy.max_page_bytes", .integer(1024...1_073_741_824), default: "5242880",
            "Bytes of a page read for its embed (the rest is not fetched)."),
        .init(
            "proxy.max_media_bytes", .integer(1024...4_294_967_296), default: "20971520",
            "Bytes of an image or video /proxy fetches (decompressed, counted as it arrives)."),
        .init(
            "proxy.max_pixels", .integer(1...1_000_000_000), default: "50000000",
            "Pixels of one frame of a proxied image (half for progressive JPEGs)."),
        .init("proxy.max_frames", .integer(1...100_000), default: "300", "Frames kept of a proxied animation."),
        .init("proxy.host_concurrency", .integer(1...10_000), default: "8", "Fetches in flight per origin host."),
        .init(
            "proxy.host_rate_limit", .integer(1...1_000_000), default: "60",
            "Fetches started per origin host per proxy.host_rate_window, across every process."),
        .init("proxy.host_rate_window", .duration, default: "10s", "The per-host rate window."),
        .init("proxy.embed_ttl", .duration, default: "1h", "How long an embed is cached in Redis."),
        .init(
            "proxy.media_ttl", .duration, default: "1h", "How long a proxied file is served from the blob store."),
        .init(
            "proxy.negative_ttl", .duration, default: "1m",
            "How long a link that failed (blocked, timed out, no embed) is answered from the cache."),
        .init("proxy.wait", .duration, default: "15s", "How long a request waits for its fetch job."),
        .init(
            "proxy.signing_keys", .list, default: "", secret: true,
            "id:secret pairs (secrets of 16+ bytes): when set, /proxy serves only signed URLs and embeds carry them; the first signs, all verify."
        ),
    ]

    /// The `gifs` role's section.
    static let api: [ConfigurationKey] = [
        .init("api.path_prefix", .string, default: "/api", "Where the chat API (Revolt's Delta) is mounted."),
        .init(
            "api.registration", .choice(["open", "invite_only", "closed"]), default: "open",
            "Who may make an account: anyone, only with a server invite code, or only operators (`user create`)."),
        .init(
            "api.max_body_bytes", .integer(1024...67_108_864), default: "1048576",
            "Largest request body the API reads; longer ones answer PayloadTooLarge."),
        .init(
            "api.max_attachments", .integer(0...100), default: "5", "Uploads one message may hold."),
        .init(
            "api.max_content_length", .integer(1...100_000), default: "2000", "Characters one message may hold."),
        .init(
            "api.rate_limits", .boolean, default: "true",
            "Apply Revolt's rate-limit buckets (off only to measure the API itself)."),
        .init(
            "api.events_max_length", .integer(1000...1_000_000_000), default: "1000000",
            "Events kept (approximately) on the events stream the gateway and bot workers read."),
        .init(
            "api.bot_delivery_window", .duration, default: "10m",
            "How long a signed delivery to a bot's interactions_url is retried before it is given up and listed for its owner."
        ),
        .init(
            "api.websocket_url", .string, default: "",
            "The gateway URL `GET /api/` names; empty derives ws(s)://<public_url>/ws."),
    ]

    static let voice: [ConfigurationKey] = [
        .init(
            "voice.livekit_url", .string, default: "",
            "LiveKit server clients join voice channels on (wss://…); empty leaves voice off."),
        .init("voice.api_key", .string, default: "", "LiveKit API key: the `iss` of tokens, checked on its webhooks."),
        .init(
            "voice.api_secret", .string, default: "", secret: true,
            "LiveKit API secret: signs join tokens (HS256) and verifies LiveKit's webhooks."),
        .init("voice.token_ttl", .duration, default: "10m", "How long a join token admits its holder."),
    ]

    static let gateway: [ConfigurationKey] = [
        .init("gateway.path", .string, default: "/ws", "Where WebSocket clients connect (Revolt's Bonfire protocol)."),
        .init(
            "gateway.max_queued_events", .integer(10...1_000_000), default: "1000",
            "Events queued for one socket before it counts as too slow and is closed (its client reconnects)."),
        .init(
            "gateway.max_queued_bytes", .integer(65_536...1_073_741_824), default: "1048576",
            "Bytes of events queued for one socket before it is closed as too slow; past half, typing and presence are shed."
        ),
        .init(
            "gateway.max_frame_bytes", .integer(1024...16_777_216), default: "16384",
            "Largest frame read from a client (after inflating a compressed one)."),
        .init(
            "gateway.compression", .boolean, default: "true",
            "Negotiate permessage-deflate with clients that offer it (inflated frames capped at max_frame_bytes)."),
        .init("gateway.auth_timeout", .duration, default: "10s", "A socket not authenticated this long is closed."),
        .init(
            "gateway.idle_timeout", .duration, default: "90s",
            "A socket whose client sends nothing (not even Ping) this long is closed."),
        .init(
            "gateway.messages_per_minute", .integer(1...100_000), default: "120",
            "Client messages one socket may send per minute; more close it (code 4029)."),
        .init(
            "gateway.resume_window", .duration, default: "2m",
            "How long after an event a reconnecting client may resume after it (it then gets exactly what it missed)."),
    ]

    static let web: [ConfigurationKey] = [
        .init(
            "web.root", .string, default: "",
            "A directory to serve the web client from (its index.html and app/); empty serves the built-in one."),
        .init("web.name", .string, default: "Discordination", "The name the web client and its install manifest show."),
    ]

    static let gifs: [ConfigurationKey] = [
        .init(
            "gifs.provider", .choice(["giphy", "tenor"]), default: "giphy",
            "The GIF provider's API: giphy or tenor (v2)."),
        .init(
            "gifs.base_url", .url, default: "",
            "The provider's API root; empty means https://api.giphy.com for giphy (tenor-compatible providers need it)."
        ),
        .init(
            "gifs.api_key", .string, default: "", secret: true,
            "The provider's API key; empty leaves the GIF routes answering GifsUnavailable."),
        .init("gifs.client_key", .string, default: "discordination", "Tenor's client_key: names this integration."),
        .init(
            "gifs.path_prefix", .string, default: "/gifs",
            "Where the Tenor-v2-shaped routes (/v2/…) and /media are mounted."),
        .init("gifs.gifbox_prefix", .string, default: "/gifbox", "Where Revolt's gifbox routes are mounted."),
        .init("gifs.anonymous", .boolean, default: "false", "Answer requests without a session or bot token."),
        .init(
            "gifs.rate_limit", .integer(1...1_000_000), default: "60",
            "GIF requests per user (or address) per window; from 128, each process takes a 64th at a time from Redis."),
        .init("gifs.rate_limit_window", .duration, default: "1m", "The GIF rate-limit window."),
        .init("gifs.search_ttl", .duration, default: "5m", "How long a search answer is fresh."),
        .init("gifs.trending_ttl", .duration, default: "10m", "How long trending (featured) answers are fresh."),
        .init("gifs.categories_ttl", .duration, default: "1d", "How long the categories are fresh."),
        .init("gifs.autocomplete_ttl", .duration, default: "1h", "How long autocomplete suggestions are fresh."),
        .init(
            "gifs.stale_while_revalidate", .duration, default: "1h",
            "Past freshness, an answer is served at once this long while a job refreshes it."),
        .init(
            "gifs.stale_if_error", .duration, default: "1d",
            "Past freshness, an answer is kept this long to be served when the provider fails."),
        .init(
            "gifs.content_filter", .choice(["off", "low", "medium", "high"]), default: "medium",
            "The least strict content filter allowed; clients may ask for stricter, never for less."),
        .init("gifs.locale", .string, default: "en_US", "Locale of requests that name none."),
        .init("gifs.max_limit", .integer(1...50), default: "50", "Most results one page may ask for."),
        .init("gifs.timeout", .duration, default: "5s", "Deadline for one provider call."),
        .init(
            "gifs.wait", .duration, default: "10s", "How long a request waits for its gif.fetch or gif.mirror job."),
        .init(
            "gifs.breaker_failures", .integer(1...1000), default: "5",
            "Provider failures in a row that open the circuit breaker."),
        .init(
            "gifs.breaker_cooldown", .duration, default: "30s",
            "How long the open breaker refuses calls before one probe."),
        .init(
            "gifs.mirror_media", .boolean, default: "false",
            "Rewrite media URLs to signed /media links fetched into the blob store, so the provider never sees users."
        ),
        .init(
            "gifs.media_ttl", .duration, default: "1h", "How long a mirrored file is served from the blob store."),
        .init(
            "gifs.max_media_bytes", .integer(1024...1_073_741_824), default: "20971520",
            "Bytes of one mirrored file."),
        .init(
            "gifs.max_answer_bytes", .integer(1024...67_108_864), default: "2097152",
            "Bytes of one provider answer."),
    ]

    /// The `cleanup` role's section.
    static let cleanup: [ConfigurationKey] = [
        .init(
            "cleanup.enabled", .boolean, default: "true",
            "Run cleanup on cleanup.schedule from the job workers (once per slot across every process)."),
        .init(
            "cleanup.schedule", .string, default: "@daily", "When scheduled cleanup runs: a cron expression, UTC."),
        .init(
            "cleanup.passes", .list, default: "dangling,deletion,sweep",
            "The passes scheduled runs make: dangling, deletion, sweep (the sweep lists the whole blob store)."),
        .init(
            "cleanup.dangling_after", .duration, default: "1h",
            "Grace period: an unattached upload older than this is marked deleted, and a stored blob no record names is removed only once older than this."
        ),
        .init(
            "cleanup.retention", .duration, default: "30d",
            "How long a deleted file is kept before its record and bytes go (0s: at the next run). Reported files are always kept."
        ),
        .init(
            "cleanup.max_deletes_per_second", .integer(0...1_000_000), default: "200",
            "Deletions per second at most (0: no limit)."),
        .init(
            "cleanup.max_deletes_per_run", .integer(0...1_000_000_000), default: "10000",
            "Deletions per run at most; a run reaching it stops and fails, as a guard against a database that makes everything look orphaned (0: no cap)."
        ),
        .init("cleanup.dry_run", .boolean, default: "false", "Scheduled runs only report what they would do."),
        .init(
            "cleanup.lease_ttl", .duration, default: "60s",
            "The lease that keeps runs from overlapping is renewed while a run lasts; a run that died keeps others out this long."
        ),
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
