/// One rendition of a GIF: a format's file and its size, as every provider describes it.
public struct GifMedia: Codable, Sendable, Equatable {
    public var url: String
    public var width: Int
    public var height: Int
    /// Seconds of one loop; 0 for stills.
    public var duration: Double
    /// Bytes, when the provider says.
    public var size: Int

    public init(url: String, width: Int, height: Int, duration: Double = 0, size: Int = 0) {
        self.url = url
        self.width = width
        self.height = height
        self.duration = duration
        self.size = size
    }
}

/// One result, normalised from any provider. Formats are named as Tenor names them (`gif`, `tinygif`, `mp4`,
/// `tinymp4`, `webm`, `webp`, `gifpreview`, …), so both dialects can render them.
public struct GifItem: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    /// Unix seconds.
    public var created: Double
    /// The provider's page for the GIF (Tenor's `itemurl`): what a user posts in a message.
    public var pageURL: String
    /// The provider's short link (Tenor's `url`); the page URL when there is none.
    public var shortURL: String
    public var tags: [String]
    public var hasAudio: Bool
    public var formats: [String: GifMedia]

    public init(
        id: String, title: String = "", description: String = "", created: Double = 0, pageURL: String = "",
        shortURL: String = "", tags: [String] = [], hasAudio: Bool = false, formats: [String: GifMedia]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.created = created
        self.pageURL = pageURL
        self.shortURL = shortURL.isEmpty ? pageURL : shortURL
        self.tags = tags
        self.hasAudio = hasAudio
        self.formats = formats
    }
}

/// A category tile: the term it searches for and a picture.
public struct GifCategory: Codable, Sendable, Equatable {
    public var name: String
    public var searchTerm: String
    public var image: String

    public init(name: String, searchTerm: String, image: String) {
        self.name = name
        self.searchTerm = searchTerm
        self.image = image
    }
}

/// What the provider answered to one `GifQuery`, normalised; the cache keeps exactly this.
public struct GifAnswer: Codable, Sendable, Equatable {
    public var items: [GifItem]
    /// The cursor of the next page; empty on the last.
    public var next: String
    public var categories: [GifCategory]
    /// Autocomplete suggestions.
    public var terms: [String]

    public init(items: [GifItem] = [], next: String = "", categories: [GifCategory] = [], terms: [String] = []) {
        self.items = items
        self.next = next
        self.categories = categories
        self.terms = terms
    }
}
