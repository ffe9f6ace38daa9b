/// Tenor's content filter levels, from none to the strictest; GIPHY's ratings map onto them.
public enum ContentFilter: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case off
    case low
    case medium
    case high

    /// Stricter is greater.
    public static func < (left: ContentFilter, right: ContentFilter) -> Bool {
        left.strictness < right.strictness
    }

    private var strictness: Int {
        switch self {
        case .off: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    /// GIPHY's `rating`: the most mature rating the level lets through.
    public var giphyRating: String {
        switch self {
        case .off: "r"
        case .low: "pg-13"
        case .medium: "pg"
        case .high: "g"
        }
    }

    /// A client's `contentfilter` (Tenor's words) or `rating` (GIPHY's letters), read leniently; nil when unknown.
    public init?(clientValue: String) {
        switch clientValue.lowercased() {
        case "off", "r": self = .off
        case "low", "pg-13": self = .low
        case "medium", "pg": self = .medium
        case "high", "g", "y": self = .high
        default: return nil
        }
    }

    /// What is enforced for a client that asked for `requested`: never less strict than the operator's setting.
    public static func enforced(operator floor: ContentFilter, requested: ContentFilter?) -> ContentFilter {
        max(floor, requested ?? floor)
    }
}
