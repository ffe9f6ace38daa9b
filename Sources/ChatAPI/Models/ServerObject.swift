import Foundation

/// Revolt's Server object. `channels` lists its channel ids in order; roles are keyed by id.
public struct ServerObject: Codable, Sendable, Equatable {
    public var id: String
    public var owner: String
    public var name: String
    public var description: String?
    public var channels: [String]
    public var roles: [String: RoleObject]?
    public var defaultPermissions: Permissions
    public var icon: FileObject?
    public var banner: FileObject?
    public var flags: Int64?
    public var nsfw: Bool?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case owner, name, description, channels, roles
        case defaultPermissions = "default_permissions"
        case icon, banner, flags, nsfw
    }
}

/// A server role: its overrides and its rank (0 is the highest).
public struct RoleObject: Codable, Sendable, Equatable {
    public var name: String
    public var permissions: PermissionOverride
    public var colour: String?
    public var hoist: Bool?
    public var rank: Int
}

/// Revolt's Member object: a user in a server.
public struct MemberObject: Codable, Sendable, Equatable {
    public var id: MemberID
    public var joinedAt: Date
    public var nickname: String?
    public var avatar: FileObject?
    public var roles: [String]
    public var timeout: Date?

    public struct MemberID: Codable, Sendable, Hashable {
        public var server: String
        public var user: String
    }

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case joinedAt = "joined_at"
        case nickname, avatar, roles, timeout
    }
}

/// A server invite (`{type: "Server", _id: code, server, creator, channel}`).
public struct InviteObject: Codable, Sendable, Equatable {
    public var type = "Server"
    public var id: String
    public var server: String
    public var creator: String
    public var channel: String

    enum CodingKeys: String, CodingKey {
        case type
        case id = "_id"
        case server, creator, channel
    }
}

/// A ban: who, and why.
public struct BanObject: Codable, Sendable, Equatable {
    public var id: MemberObject.MemberID
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case reason
    }
}
