/// A proxied image or video as stored: its blob key and what to serve it as.
public struct ProxiedMedia: Sendable, Codable, Equatable {
    public var key: String
    public var contentType: String
    public var size: Int

    enum CodingKeys: String, CodingKey {
        case key
        case contentType = "content_type"
        case size
    }
}
