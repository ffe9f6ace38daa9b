import JobQueue

/// Asks the media workers to make a stored upload's variants (thumbnails, previews, posters) and mark it `ready`
/// or `failed`. Queued by the upload route once the file is recorded; the media pipeline implements the handler.
/// One job per object and tag is enough, so the idempotency key names those two.
public struct MediaProcess: JobParameters {
    public static let jobName = "media.process"
    public static let queue: QueueName = .media

    public var fileID: String
    public var hash: String
    public var tag: String

    public init(fileID: String, hash: String, tag: String) {
        self.fileID = fileID
        self.hash = hash
        self.tag = tag
    }

    public var idempotencyKey: String { "media.process:\(hash):\(tag)" }
}
