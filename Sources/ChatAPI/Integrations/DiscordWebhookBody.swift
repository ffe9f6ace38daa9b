import Foundation
import HTTPSupport

/// Discord's execute-webhook body, so tools written for Discord post unchanged: `content`, `username` and
/// `avatar_url` (shown as the message's masquerade), and up to 10 `embeds` turned into Revolt text embeds.
/// `tts`, `allowed_mentions`, `flags` and `components` are accepted and have no effect.
struct DiscordWebhookBody: Decodable {
    var content: String?
    var username: String?
    var avatarURL: String?
    var embeds: [Embed]?
    var tts: Bool?
    var allowedMentions: JSONValue?
    var flags: Int64?

    enum CodingKeys: String, CodingKey {
        case content, username, embeds, tts, flags
        case avatarURL = "avatar_url"
        case allowedMentions = "allowed_mentions"
    }

    struct Embed: Decodable {
        var title: String?
        var description: String?
        var url: String?
        var color: Int?
        var author: Named?
        var fields: [Field]?
        var image: Picture?
        var thumbnail: Picture?
        var footer: Footer?

        struct Named: Decodable {
            var name: String?
            var url: String?
            var iconURL: String?
            enum CodingKeys: String, CodingKey {
                case name, url
                case iconURL = "icon_url"
            }
        }

        struct Field: Decodable {
            var name: String
            var value: String
            var inline: Bool?
        }

        struct Picture: Decodable {
            var url: String
        }

        struct Footer: Decodable {
            var text: String
        }
    }

    /// Keys only Discord's body has: a body with one of them is Discord's, whatever else it holds.
    static let markers: Set<String> = [
        "username", "avatar_url", "tts", "allowed_mentions", "components", "thread_name",
    ]
    static let embedMarkers: Set<String> = ["color", "fields", "footer", "author", "image", "thumbnail", "timestamp"]

    /// Whether a decoded body is Discord-shaped rather than Revolt-shaped.
    static func isDiscord(_ body: JSONValue) -> Bool {
        guard case .object(let fields) = body else { return false }
        if fields.keys.contains(where: markers.contains) { return true }
        guard case .array(let embeds)? = fields["embeds"] else { return false }
        return embeds.contains { embed in
            if case .object(let keys) = embed { return keys.keys.contains(where: embedMarkers.contains) }
            return false
        }
    }

    /// The Revolt send it stands for.
    func revoltBody() throws -> MessageSendBody {
        guard (embeds ?? []).count <= 10 else { throw APIError.tooManyEmbeds(10) }
        var masquerade: MessageObject.Masquerade?
        if username != nil || avatarURL != nil {
            masquerade = MessageObject.Masquerade(
                name: username.map { String($0.prefix(32)) }, avatar: avatarURL, colour: nil)
        }
        return MessageSendBody(
            content: content, attachments: nil, replies: nil, embeds: embeds?.map(\.revoltEmbed),
            masquerade: masquerade, flags: nil)
    }
}

extension DiscordWebhookBody.Embed {
    /// Revolt's text embed: title, description (with the author, fields, picture links and footer written into
    /// it, which Revolt's embed has no places for), URL, colour and icon.
    var revoltEmbed: SendableEmbed {
        var lines: [String] = []
        if let name = author?.name { lines.append("**\(name)**") }
        if let description { lines.append(description) }
        for field in fields ?? [] { lines.append("**\(field.name)**\n\(field.value)") }
        if let image { lines.append(image.url) }
        if let footer { lines.append("_\(footer.text)_") }
        return SendableEmbed(
            iconURL: (author?.iconURL ?? thumbnail?.url).map { String($0.prefix(128)) },
            url: url.map { String($0.prefix(256)) }, title: title.map { String($0.prefix(100)) },
            description: lines.isEmpty ? nil : String(lines.joined(separator: "\n\n").prefix(2000)),
            media: nil, colour: color.map { String(format: "#%06x", $0 & 0xFF_FFFF) })
    }
}
