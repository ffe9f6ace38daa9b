/// What an upload's first bytes say it is: never the client's content type or file extension.
public struct SniffedType: Sendable, Equatable {
    public var kind: MediaKind
    /// The MIME type served for it.
    public var contentType: String

    public init(_ kind: MediaKind, _ contentType: String) {
        self.kind = kind
        self.contentType = contentType
    }

    public static let octetStream = SniffedType(.file, "application/octet-stream")

    /// A type a browser could run if it were shown inline (HTML, SVG, XML, JavaScript): always served as an
    /// attachment.
    public var isActiveContent: Bool {
        ["text/html", "image/svg+xml", "application/xml", "text/xml", "text/javascript", "application/xhtml+xml"]
            .contains(contentType)
    }
}
