/// GIPHY v1's JSON, as far as Discordination reads it. GIPHY sends sizes and dimensions as strings.
struct GiphyAnswer: Decodable {
    struct Item: Decodable {
        var id: String
        var title: String?
        var url: String?
        var bitly_url: String?
        var import_datetime: String?
        var alt_text: String?
        var images: [String: Rendition]
    }

    struct Rendition: Decodable {
        var url: String?
        var width: String?
        var height: String?
        var size: String?
        var mp4: String?
        var mp4_size: String?
        var webp: String?
        var webp_size: String?
    }

    struct Pagination: Decodable {
        var total_count: Int?
        var count: Int?
        var offset: Int?
    }

    var data: [Item]
    var pagination: Pagination?
}

struct GiphyCategories: Decodable {
    struct Category: Decodable {
        struct Picture: Decodable {
            var images: [String: GiphyAnswer.Rendition]?
        }

        var name: String
        var name_encoded: String?
        var gif: Picture?
    }

    var data: [Category]
}

struct GiphyTerms: Decodable {
    struct Term: Decodable {
        var name: String
    }

    var data: [Term]
}
