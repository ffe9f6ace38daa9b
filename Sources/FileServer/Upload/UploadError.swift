/// Why an upload is refused, in Autumn's error vocabulary (REFERENCE.md); the HTTP layer renders the JSON shape.
public enum UploadError: Error, Equatable, Sendable {
    /// Larger than the tag's `max_size` (422 `{"type":"FileTooLarge","max":N}`).
    case fileTooLarge(max: Int)
    /// An empty file (422 `FileTooSmall`).
    case fileTooSmall
    /// A kind the tag does not accept, judged from the bytes (400 `FileTypeNotAllowed`).
    case fileTypeNotAllowed(String)
    /// An image over the tag's pixel, side or frame limit, read from its header before decoding.
    case imageTooLarge(String)
    /// No such tag (400 `UnknownTag`).
    case unknownTag(String)
}
