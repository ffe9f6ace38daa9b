/// The parameters of one kind of job. The type names the job and the queue it runs on; its value is the work.
///
/// ```swift
/// struct ResizeImage: JobParameters {
///     static let jobName = "media.resize"
///     static let queue: QueueName = .media
///     var key: String
///     var width: Int
/// }
/// ```
public protocol JobParameters: Codable, Sendable {
    /// Unique across the service; it travels in every queued entry and selects the handler.
    static var jobName: String { get }
    /// The queue (stream) the job is added to.
    static var queue: QueueName { get }
}

/// The name of a queue: one Redis stream, one consumer group.
public struct QueueName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// Uploads: probing, thumbnails, posters, resizes.
    public static let media: QueueName = "media"
    /// Reaching the internet: link embeds, proxied images, GIF mirroring.
    public static let fetch: QueueName = "fetch"
    /// The chat layer's follow-up work: link embeds appended to sent messages.
    public static let chat: QueueName = "chat"
    /// Signed deliveries of events to bots' endpoints: a slow endpoint waits here, not in front of embeds.
    public static let deliveries: QueueName = "deliveries"
    /// Housekeeping: sweeps, probes.
    public static let maintenance: QueueName = "maintenance"
}
