import Foundation

/// Revolt's Channel, tagged by `channel_type`: `SavedMessages`, `DirectMessage`, `Group` or `TextChannel` (a voice
/// channel is a text channel with `voice`). One struct carries every kind; the fields a kind does not have stay
/// nil and are left out of its JSON.
public struct ChannelObject: Codable, Sendable, Equatable {
    public var channelType: Kind
    public var id: String
    public var user: String?
    public var active: Bool?
    public var recipients: [String]?
    public var name: String?
    public var owner: String?
    public var server: String?
    public var description: String?
    public var icon: FileObject?
    public var lastMessageID: String?
    public var permissions: Permissions?
    public var defaultPermissions: PermissionOverride?
    public var rolePermissions: [String: PermissionOverride]?
    public var nsfw: Bool?
    public var voice: Voice?

    public enum Kind: String, Codable, Sendable {
        case savedMessages = "SavedMessages"
        case directMessage = "DirectMessage"
        case group = "Group"
        case textChannel = "TextChannel"
    }

    public struct Voice: Codable, Sendable, Equatable {
        public var maxUsers: Int?

        enum CodingKeys: String, CodingKey {
            case maxUsers = "max_users"
        }
    }

    enum CodingKeys: String, CodingKey {
        case channelType = "channel_type"
        case id = "_id"
        case user, active, recipients, name, owner, server, description, icon
        case lastMessageID = "last_message_id"
        case permissions
        case defaultPermissions = "default_permissions"
        case rolePermissions = "role_permissions"
        case nsfw, voice
    }
}
