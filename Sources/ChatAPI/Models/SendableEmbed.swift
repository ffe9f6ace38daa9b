import Foundation
import HTTPSupport

/// Revolt's `SendableEmbed`: what a sender (a user, a bot, a webhook) may attach as an embed. It is stored and sent
/// as a `Text` embed, the shape clients parse (`{"type": "Text", …}`); `media` names an upload (tag
/// `attachments`) that is claimed with the message and shown as the embed's File.
struct SendableEmbed: Decodable, Sendable, Equatable {
    var iconURL: String?
    var url: String?
    var title: String?
    var description: String?
    var media: String?
    var colour: String?

    enum CodingKeys: String, CodingKey {
        case url, title, description, media, colour
        case iconURL = "icon_url"
    }

    /// Revolt's limits for each field (characters).
    func validate(at index: Int) throws {
        let limits: [(String, String?, Int)] = [
            ("icon_url", iconURL, 128), ("url", url, 256), ("title", title, 100), ("description", description, 2000),
            ("media", media, 128), ("colour", colour, 128),
        ]
        for (name, value, limit) in limits {
            if let value, !(1...limit).contains(value.count) {
                throw APIError.failedValidation("embeds.\(index).\(name) must be 1 to \(limit) characters")
            }
        }
    }

    /// The stored `Text` embed, with `media` as the claimed upload when there is one.
    func textEmbed(media file: FileObject? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "Text"]
        if let iconURL { object["icon_url"] = .string(iconURL) }
        if let url { object["url"] = .string(url) }
        if let title { object["title"] = .string(title) }
        if let description { object["description"] = .string(description) }
        if let colour { object["colour"] = .string(colour) }
        if let file, let encoded = try? JSONCoding.encode(file),
            let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(encoded))
        {
            object["media"] = value
        }
        return .object(object)
    }
}
