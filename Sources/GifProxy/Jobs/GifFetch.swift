import JobQueue

/// Asks the provider one normalised question and caches the answer. The idempotency key is the query's digest and
/// the answer being replaced, so concurrent identical misses (or refreshes of one stale answer), in any process,
/// make one upstream call, while the next refresh is a job of its own.
public struct GifFetch: JobParameters {
    public static let jobName = "gif.fetch"
    public static let queue: QueueName = .fetch
    public var query: GifQuery
    /// The digest the answer is cached under (provider and query).
    public var digest: String
    /// When the answer this fetch replaces was fetched (milliseconds since 1970), 0 when nothing is kept.
    public var replacing: Int64

    public init(query: GifQuery, digest: String, replacing: Int64 = 0) {
        self.query = query
        self.digest = digest
        self.replacing = replacing
    }

    public var idempotencyKey: String { "gif.fetch:\(digest):\(replacing)" }
}

/// What a `gif.fetch` job hands the requests waiting for it.
public enum GifFetchOutcome: Codable, Sendable, Equatable {
    case answer(GifAnswer)
    case failed(GifProxyError)
}

/// Fetches one GIF or video for the media route into the blob store; one job per URL however many viewers wait.
public struct GifMirror: JobParameters {
    public static let jobName = "gif.mirror"
    public static let queue: QueueName = .fetch
    public var url: String

    public init(url: String) { self.url = url }

    public var idempotencyKey: String { "gif.mirror:\(MediaLinks.digest(url))" }
}

/// A mirrored file as the media route serves it.
public struct MirroredMedia: Codable, Sendable, Equatable {
    public var key: String
    public var contentType: String
    public var size: Int

    public init(key: String, contentType: String, size: Int) {
        self.key = key
        self.contentType = contentType
        self.size = size
    }
}
