/// The `files.*` configuration the file server runs with.
public struct FileServerSettings: Sendable {
    /// Where the Autumn routes are mounted (`/autumn`), empty for a file server on its own host.
    public var pathPrefix: String
    /// Uploads without a session or bot token are accepted (rate limited per address) when true.
    public var anonymousUploads: Bool
    /// Bearer token of the internal attach/report API; the API refuses every call while it is empty.
    public var adminToken: String
    /// Uploads allowed per tag, per user (or per address for anonymous uploads), in each window.
    public var uploadsPerWindow: Int
    public var uploadWindow: Duration
    /// Originals at least this large are redirected to a presigned URL when the blob store can sign one.
    public var presignMinimumSize: Int64
    /// The untouched upload of a stripped picture is kept in the store (never served) when true.
    public var keepOriginals: Bool
    /// How long a download waits for a picture being stripped, or an on-demand size, before answering 503.
    public var processingWait: Duration
    /// Bytes the media jobs of a process may hold in decoders at once (`files.decode_memory_mib`).
    public var decodeMemory: Int

    /// Every value is given: the defaults are the key registry's (`files.*` in `ConfigurationKeys`), one place.
    public init(
        pathPrefix: String,
        anonymousUploads: Bool,
        adminToken: String,
        uploadsPerWindow: Int,
        uploadWindow: Duration,
        presignMinimumSize: Int64,
        keepOriginals: Bool,
        processingWait: Duration,
        decodeMemory: Int
    ) {
        self.pathPrefix = pathPrefix
        self.anonymousUploads = anonymousUploads
        self.adminToken = adminToken
        self.uploadsPerWindow = uploadsPerWindow
        self.uploadWindow = uploadWindow
        self.presignMinimumSize = presignMinimumSize
        self.keepOriginals = keepOriginals
        self.processingWait = processingWait
        self.decodeMemory = decodeMemory
    }
}
