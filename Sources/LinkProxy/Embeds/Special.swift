/// What clients embed a page as, beyond its metadata: a player for YouTube, Twitch, Spotify and the like, or a GIF.
/// Tagged by `type` as January does.
public enum Special: Sendable, Equatable, Codable {
    case none
    case gif
    case youTube(id: String, timestamp: String?)
    case lightspeed(contentType: String, id: String)
    case twitch(contentType: String, id: String)
    case spotify(contentType: String, id: String)
    case soundcloud
    case bandcamp(contentType: String, id: String)
    case appleMusic(albumID: String, trackID: String?)
    case streamable(id: String)

    private enum Keys: String, CodingKey {
        case type, id, timestamp
        case contentType = "content_type"
        case albumID = "album_id"
        case trackID = "track_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .none: try container.encode("None", forKey: .type)
        case .gif: try container.encode("GIF", forKey: .type)
        case .youTube(let id, let timestamp):
            try container.encode("YouTube", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encodeIfPresent(timestamp, forKey: .timestamp)
        case .lightspeed(let contentType, let id):
            try container.encode("Lightspeed", forKey: .type)
            try container.encode(contentType, forKey: .contentType)
            try container.encode(id, forKey: .id)
        case .twitch(let contentType, let id):
            try container.encode("Twitch", forKey: .type)
            try container.encode(contentType, forKey: .contentType)
            try container.encode(id, forKey: .id)
        case .spotify(let contentType, let id):
            try container.encode("Spotify", forKey: .type)
            try container.encode(contentType, forKey: .contentType)
            try container.encode(id, forKey: .id)
        case .soundcloud: try container.encode("Soundcloud", forKey: .type)
        case .bandcamp(let contentType, let id):
            try container.encode("Bandcamp", forKey: .type)
            try container.encode(contentType, forKey: .contentType)
            try container.encode(id, forKey: .id)
        case .appleMusic(let albumID, let trackID):
            try container.encode("AppleMusic", forKey: .type)
            try container.encode(albumID, forKey: .albumID)
            try container.encodeIfPresent(trackID, forKey: .trackID)
        case .streamable(let id):
            try container.encode("Streamable", forKey: .type)
            try container.encode(id, forKey: .id)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        func text(_ key: Keys) throws -> String { try container.decode(String.self, forKey: key) }
        switch try text(.type) {
        case "GIF": self = .gif
        case "YouTube":
            self = .youTube(
                id: try text(.id), timestamp: try container.decodeIfPresent(String.self, forKey: .timestamp))
        case "Lightspeed": self = .lightspeed(contentType: try text(.contentType), id: try text(.id))
        case "Twitch": self = .twitch(contentType: try text(.contentType), id: try text(.id))
        case "Spotify": self = .spotify(contentType: try text(.contentType), id: try text(.id))
        case "Soundcloud": self = .soundcloud
        case "Bandcamp": self = .bandcamp(contentType: try text(.contentType), id: try text(.id))
        case "AppleMusic":
            self = .appleMusic(
                albumID: try text(.albumID), trackID: try container.decodeIfPresent(String.self, forKey: .trackID))
        case "Streamable": self = .streamable(id: try text(.id))
        default: self = .none
        }
    }
}
