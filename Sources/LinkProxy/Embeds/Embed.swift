/// A link preview in January's JSON shape (REFERENCE.md, "Link proxy"), tagged by `type`.
public enum Embed: Sendable, Equatable, Codable {
    case website(WebsiteEmbed)
    case image(EmbedImage)
    case video(EmbedVideo)

    private enum TypeKey: String, CodingKey { case type }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .website(let website):
            try container.encode("Website", forKey: .type)
            try website.encode(to: encoder)
        case .image(let image):
            try container.encode("Image", forKey: .type)
            try image.encode(to: encoder)
        case .video(let video):
            try container.encode("Video", forKey: .type)
            try video.encode(to: encoder)
        }
    }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "Website": self = .website(try WebsiteEmbed(from: decoder))
        case "Image": self = .image(try EmbedImage(from: decoder))
        case "Video": self = .video(try EmbedVideo(from: decoder))
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: [TypeKey.type], debugDescription: "unknown embed \(type)"))
        }
    }
}

/// A page's preview.
public struct WebsiteEmbed: Sendable, Equatable, Codable {
    public var url: String?
    public var originalURL: String?
    public var special: Special?
    public var title: String?
    public var description: String?
    public var image: EmbedImage?
    public var video: EmbedVideo?
    public var siteName: String?
    public var iconURL: String?
    /// CSS colour, `#rrggbb`.
    public var colour: String?

    enum CodingKeys: String, CodingKey {
        case url
        case originalURL = "original_url"
        case special, title, description, image, video
        case siteName = "site_name"
        case iconURL = "icon_url"
        case colour
    }

    public init() {}
}

/// An image: a whole embed for a direct link, or a page's picture.
public struct EmbedImage: Sendable, Equatable, Codable {
    public enum Size: String, Sendable, Codable {
        case large = "Large"
        case preview = "Preview"
    }

    public var url: String
    public var width: Int
    public var height: Int
    public var size: Size

    public init(url: String, width: Int, height: Int, size: Size) {
        self.url = url
        self.width = width
        self.height = height
        self.size = size
    }
}

/// A video: a whole embed for a direct link, or a page's player.
public struct EmbedVideo: Sendable, Equatable, Codable {
    public var url: String
    public var width: Int
    public var height: Int

    public init(url: String, width: Int, height: Int) {
        self.url = url
        self.width = width
        self.height = height
    }
}
