import Foundation

/// An incoming webhook of one channel (Revolt's `Webhook`). Its token is the secret in its execute URL; it is shown
/// to those who may manage the channel's webhooks, never in events.
public struct WebhookObject: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var avatar: FileObject?
    public var creatorID: String
    public var channelID: String
    public var permissions: Int64
    public var token: String?

    enum CodingKeys: String, CodingKey {
        case id
        case name, avatar, permissions, token
        case creatorID = "creator_id"
        case channelID = "channel_id"
    }

    /// What its messages carry as `webhook`: the name and avatar at the time of sending.
    var shownOnMessages: JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name)]
        if let avatar { fields["avatar"] = .string(avatar.id) }
        return .object(fields)
    }

    /// As events and public look-ups show it: without the token.
    var withoutToken: WebhookObject {
        var copy = self
        copy.token = nil
        return copy
    }
}
