import Crypto
import Foundation
import Storage

/// Media URLs rewritten to Discordination's `/media` route (`gifs.mirror_media`), so clients never load anything
/// from the provider. Each link is signed with an HMAC keyed from the API key, so the route fetches only URLs this
/// server handed out and cannot be used as an open proxy; rotating the key retires old links.
public struct MediaLinks: Sendable {
    let key: SymmetricKey
    /// `https://chat.example/gifs/media` or `/gifs/media`.
    let route: String

    public init(apiKey: String, route: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data("discordination gif media\u{0}\(apiKey)".utf8)))
        self.route = route
    }

    /// A URL's name in the cache and the blob store.
    public static func digest(_ url: String) -> String {
        Hex.encode(SHA256.hash(data: Data(url.utf8)))
    }

    public func signature(_ url: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(url.utf8), using: key)
        return Data(mac.prefix(16)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public func verify(_ url: String, signature: String) -> Bool {
        let expected = Array(self.signature(url).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    public func link(_ url: String) -> String {
        "\(route)?url=\(ProviderClient.encoded(url))&sig=\(signature(url))"
    }

    /// The answer with every media URL and category picture pointing at the media route.
    public func rewrite(_ answer: GifAnswer) -> GifAnswer {
        var copy = answer
        for index in copy.items.indices {
            for (name, var media) in copy.items[index].formats {
                media.url = link(media.url)
                copy.items[index].formats[name] = media
            }
        }
        for index in copy.categories.indices {
            copy.categories[index].image = link(copy.categories[index].image)
        }
        return copy
    }
}
