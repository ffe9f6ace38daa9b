/// What an HTML page says about itself, as its parser found it: `<meta>` values by property or name, the first
/// `<title>`, `<link>` elements and `<base href>`.
public struct PageMetadata: Sendable, Equatable {
    /// A `<link>` element: its `rel` tokens (lower-cased) and attributes.
    public struct Link: Sendable, Equatable {
        public var rel: [String]
        public var href: String
        public var type: String?
        public var sizes: String?
    }

    /// `property` or `name` (lower-cased) → `content`; the first occurrence of a key wins.
    public var meta: [String: String] = [:]
    public var title: String?
    public var links: [Link] = []
    public var baseHref: String?

    public init() {}

    public subscript(_ key: String) -> String? {
        meta[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first non-empty value of `keys`, in that order of precedence.
    public func first(_ keys: String...) -> String? {
        keys.lazy.compactMap { self[$0] }.first
    }
}
