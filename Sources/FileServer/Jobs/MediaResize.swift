import JobQueue

/// Asks a media worker for one on-demand preview size of an object under a tag. The idempotency key names the object,
/// tag and rounded size, so any number of concurrent requests for it make one resize and all wait for that job.
public struct MediaResize: JobParameters {
    public static let jobName = "media.resize"
    public static let queue: QueueName = .media

    public var fileID: String
    public var hash: String
    public var tag: String
    public var size: OnDemandSize

    public init(fileID: String, hash: String, tag: String, size: OnDemandSize) {
        self.fileID = fileID
        self.hash = hash
        self.tag = tag
        self.size = size
    }

    public var idempotencyKey: String { "media.resize:\(hash):\(tag):\(size.name)" }
}
