import Foundation
import NIOHTTP1

/// A successful answer's head: the final URL after redirects, and its content type taken apart.
public struct FetchResponse: Sendable {
    /// Where the answer came from, after redirects: relative URLs in a page resolve against it.
    public var url: FetchURL
    public var status: Int
    public var headers: HTTPHeaders
    /// The media type, lower-cased, without parameters (`text/html`); empty when the origin sent none.
    public var mediaType: String
    /// The `charset` parameter of `Content-Type`, lower-cased.
    public var charset: String?
    /// `Content-Length`, when the origin sent one (a claim, not a limit: the body is counted as it arrives).
    public var declaredLength: Int?

    init(url: FetchURL, head: HopHead) {
        self.url = url
        status = head.status
        headers = head.headers
        let contentType = head.headers.first(name: "content-type") ?? ""
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        mediaType = parts.first?.lowercased() ?? ""
        charset =
            parts.dropFirst().first { $0.lowercased().hasPrefix("charset=") }
            .map { $0.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")).lowercased() }
        declaredLength = head.headers.first(name: "content-length").flatMap { Int($0) }
    }
}
