/// Revolt's permission bits. A set of them travels as an integer (`default_permissions`) or as an override
/// `{a: allow, d: deny}`.
public struct Permissions: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Each permission with its bit and the name errors report (`MissingPermission {permission}`).
    public static let named: [(name: String, bit: Int)] = [
        ("ManageChannel", 0), ("ManageServer", 1), ("ManagePermissions", 2), ("ManageRole", 3),
        ("ManageCustomisation", 4), ("KickMembers", 6), ("BanMembers", 7), ("TimeoutMembers", 8),
        ("AssignRoles", 9), ("ChangeNickname", 10), ("ManageNicknames", 11), ("ChangeAvatar", 12),
        ("RemoveAvatars", 13), ("ViewChannel", 20), ("ReadMessageHistory", 21), ("SendMessage", 22),
        ("ManageMessages", 23), ("ManageWebhooks", 24), ("InviteOthers", 25), ("SendEmbeds", 26),
        ("UploadFiles", 27), ("Masquerade", 28), ("React", 29), ("Connect", 30), ("Speak", 31), ("Video", 32),
        ("MuteMembers", 33), ("DeafenMembers", 34), ("MoveMembers", 35), ("Listen", 36), ("MentionEveryone", 37),
        ("MentionRoles", 38),
    ]

    static func bit(_ position: Int) -> Permissions { Permissions(rawValue: 1 << UInt64(position)) }

    public static let manageChannel = bit(0)
    public static let manageServer = bit(1)
    public static let managePermissions = bit(2)
    public static let manageRole = bit(3)
    public static let manageCustomisation = bit(4)
    public static let kickMembers = bit(6)
    public static let banMembers = bit(7)
    public static let timeoutMembers = bit(8)
    public static let assignRoles = bit(9)
    public static let changeNickname = bit(10)
    public static let manageNicknames = bit(11)
    public static let changeAvatar = bit(12)
    public static let removeAvatars = bit(13)
    public static let viewChannel = bit(20)
    public static let readMessageHistory = bit(21)
    public static let sendMessage = bit(22)
    public static let manageMessages = bit(23)
    public static let manageWebhooks = bit(24)
    public static let inviteOthers = bit(25)
    public static let sendEmbeds = bit(26)
    public static let uploadFiles = bit(27)
    public static let masquerade = bit(28)
    public static let react = bit(29)
    public static let connect = bit(30)
    public static let speak = bit(31)
    public static let video = bit(32)
    public static let muteMembers = bit(33)
    public static let deafenMembers = bit(34)
    public static let moveMembers = bit(35)
    public static let listen = bit(36)
    public static let mentionEveryone = bit(37)
    public static let mentionRoles = bit(38)

    /// Every permission there is and every one that may be added later (Revolt's `ALLOW_ALL`, 52 bits).
    public static let all = Permissions(rawValue: 4_503_599_627_370_495)
    /// What `@everyone` may do in a new server.
    public static let serverDefault = Permissions(rawValue: 77_014_766_592)
    /// What each side of a direct message may do.
    public static let directMessage = Permissions(rawValue: 77_283_196_929)
    /// What a webhook may do in its channel.
    public static let webhook = Permissions(rawValue: 876_609_536)
    /// What a timed-out member keeps.
    public static let whileTimedOut: Permissions = [.viewChannel, .readMessageHistory]

    /// The name of the lowest bit of `self`, for `MissingPermission`.
    public var name: String {
        Self.named.first { rawValue & (1 << UInt64($0.bit)) != 0 }?.name ?? "Unknown"
    }

    /// Applies an override: `(p | allow) & ~deny`.
    public func applying(_ override: PermissionOverride) -> Permissions {
        Permissions(rawValue: (rawValue | override.allow) & ~override.deny)
    }
}

/// An allow/deny pair, on the wire `{"a": allow, "d": deny}`.
public struct PermissionOverride: Codable, Sendable, Hashable {
    public var allow: UInt64
    public var deny: UInt64

    public init(allow: UInt64 = 0, deny: UInt64 = 0) {
        self.allow = allow
        self.deny = deny
    }

    enum CodingKeys: String, CodingKey {
        case allow = "a"
        case deny = "d"
    }
}
