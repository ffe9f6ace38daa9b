/// The fields of an oEmbed answer (oembed.com) a preview can use; providers send numbers as numbers or strings.
public struct OEmbedAnswer: Sendable, Equatable, Decodable {
    public var type: String?
    public var title: String?
    public var authorName: String?
    public var providerName: String?
    public var thumbnailURL: String?
    public var thumbnailWidth: Int?
    public var thumbnailHeight: Int?

    enum CodingKeys: String, CodingKey {
        case type, title
        case authorName = "author_name"
        case providerName = "provider_name"
        case thumbnailURL = "thumbnail_url"
        case thumbnailWidth = "thumbnail_width"
        case thumbnailHeight = "thumbnail_height"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? { try? container.decodeIfPresent(String.self, forKey: key) }
        func number(_ key: CodingKeys) -> Int? {
            (try? container.decodeIfPresent(Int.self, forKey: key))
                ?? (try? container.decodeIfPresent(Double.self, forKey: key)).flatMap { $0.map { Int($0) } }
                ?? text(key).flatMap { Int($0) }
        }
        type = text(.type)
        title = text(.title)
        authorName = text(.authorName)
        providerName = text(.providerName)
        thumbnailURL = text(.thumbnailURL)
        thumbnailWidth = number(.thumbnailWidth)
        thumbnailHeight = number(.thumbnailHeight)
    }
}
