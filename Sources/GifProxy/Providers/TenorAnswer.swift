/// Tenor v2's JSON, as far as Discordination reads it. Every member but the essentials is optional: providers
/// that kept Tenor's API differ in what they fill in.
struct TenorAnswer: Decodable {
    struct Result: Decodable {
        var id: String
        var title: String?
        var content_description: String?
        var created: Double?
        var itemurl: String?
        var url: String?
        var tags: [String]?
        var hasaudio: Bool?
        var media_formats: [String: Format]
    }

    struct Format: Decodable {
        var url: String
        var dims: [Int]?
        var duration: Double?
        var size: Int?
    }

    var results: [Result]
    var next: String?
}

struct TenorCategories: Decodable {
    struct Tag: Decodable {
        var searchterm: String
        var image: String
        var name: String?
    }

    var tags: [Tag]
}

struct TenorSuggestions: Decodable {
    var results: [String]
}
