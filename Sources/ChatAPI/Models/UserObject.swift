import Foundation

/// Revolt's User object. `relationship` is the viewer's: `User` on one's own record, `None` otherwise (friends are
/// not kept); `online` is the presence the gateway keeps.
public struct UserObject: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var discriminator: String
    public var displayName: String?
    public var avatar: FileObject?
    public var badges: Int64?
    public var status: Status?
    public var flags: Int64?
    public var bot: BotInfo?
    public var relationship: String
    public var online: Bool

    public struct Status: Codable, Sendable, Equatable {
        public var text: String?
        public var presence: String?
    }

    public struct BotInfo: Codable, Sendable, Equatable {
        public var owner: String
    }

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case username, discriminator
        case displayName = "display_name"
        case avatar, badges, status, flags, bot, relationship, online
    }

    /// Revolt's `Deleted` user flag: the account (or bot) is gone, its messages keep it as their author.
    public static let deletedFlag: Int64 = 2

    /// The same user as `viewerID` sees it.
    public func seen(by viewerID: String) -> UserObject {
        var copy = self
        copy.relationship = viewerID == id ? "User" : "None"
        return copy
    }
}

/// A user's profile (`GET /users/{id}/profile`).
public struct UserProfile: Codable, Sendable, Equatable {
    public var content: String?
    public var background: FileObject?
}
