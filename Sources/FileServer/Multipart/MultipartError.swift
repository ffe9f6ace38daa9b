/// Why a multipart body cannot be read.
public enum MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The boundary parameter is missing, empty or longer than 70 characters.
    case invalidBoundary
    /// No delimiter where the body should begin.
    case missingBoundary
    /// A part's header block is larger than the limit.
    case headersTooLarge(Int)
    /// The body ended before the closing delimiter (a client that gave up mid-upload).
    case truncated
    case malformed(String)

    public var description: String {
        switch self {
        case .invalidBoundary: "the multipart boundary is missing or invalid"
        case .missingBoundary: "the body does not start with the multipart boundary"
        case .headersTooLarge(let limit): "a part's headers are larger than \(limit) bytes"
        case .truncated: "the multipart body ended before its closing boundary"
        case .malformed(let reason): "malformed multipart body: \(reason)"
        }
    }

}
