import Foundation

/// Revolt's permission algorithm as one pure function of the facts it needs, so every route, the gateway's
/// visibility and the tests use the same rules.
///
/// In a server: the owner has every permission; someone who is not a member has none; a member starts from the
/// server's `default_permissions` (@everyone), applies its roles' server overrides from the lowest role to the
/// highest (largest `rank` number first, rank 0 last), then the channel's default override, then the channel's
/// overrides for the member's roles in the same order. Applying `{a, d}` is `(p | a) & ~d`. A timed-out member
/// keeps only `ViewChannel` and `ReadMessageHistory`; in a channel, no `ViewChannel` means no permission at all.
/// (This is the order Revolt's server and its clients compute, stoat-py's `calculate_server_channel_permissions`
/// among them, so what a client greys out is what the server refuses.)
public enum PermissionCalculator {
    /// One of the member's roles, as ordering and overriding need it.
    public struct RankedRole: Sendable, Equatable {
        public var id: String
        public var rank: Int
        public var permissions: PermissionOverride

        public init(id: String, rank: Int, permissions: PermissionOverride) {
            self.id = id
            self.rank = rank
            self.permissions = permissions
        }
    }

    /// The facts about a server and one user in it.
    public struct ServerFacts: Sendable {
        public var isOwner: Bool
        public var isMember: Bool
        public var defaultPermissions: Permissions
        /// The member's roles (unknown role ids already dropped).
        public var roles: [RankedRole]
        public var timedOutUntil: Date?

        public init(
            isOwner: Bool, isMember: Bool, defaultPermissions: Permissions, roles: [RankedRole],
            timedOutUntil: Date? = nil
        ) {
            self.isOwner = isOwner
            self.isMember = isMember
            self.defaultPermissions = defaultPermissions
            self.roles = roles
            self.timedOutUntil = timedOutUntil
        }
    }

    /// A server channel's overrides.
    public struct ChannelOverrides: Sendable {
        public var defaultOverride: PermissionOverride?
        public var roleOverrides: [String: PermissionOverride]

        public init(defaultOverride: PermissionOverride? = nil, roleOverrides: [String: PermissionOverride] = [:]) {
            self.defaultOverride = defaultOverride
            self.roleOverrides = roleOverrides
        }
    }

    /// What the user may do server-wide (managing the server, its roles and members).
    public static func server(_ facts: ServerFacts, now: Date = .now) -> Permissions {
        if facts.isOwner { return .all }
        guard facts.isMember else { return [] }
        var permissions = facts.defaultPermissions
        for role in ordered(facts.roles) { permissions = permissions.applying(role.permissions) }
        return restricted(permissions, facts, now: now)
    }

    /// What the user may do in one channel of the server.
    public static func channel(_ facts: ServerFacts, _ channel: ChannelOverrides, now: Date = .now) -> Permissions {
        if facts.isOwner { return .all }
        guard facts.isMember else { return [] }
        var permissions = server(facts, now: now)
        if let defaultOverride = channel.defaultOverride { permissions = permissions.applying(defaultOverride) }
        for role in ordered(facts.roles) {
            if let override = channel.roleOverrides[role.id] { permissions = permissions.applying(override) }
        }
        permissions = restricted(permissions, facts, now: now)
        return permissions.contains(.viewChannel) ? permissions : []
    }

    /// A group: its owner may do everything, a recipient what the group allows (direct-message defaults when it
    /// sets nothing) and always view, anyone else nothing.
    public static func group(isOwner: Bool, isRecipient: Bool, permissions: Permissions?) -> Permissions {
        if isOwner { return .all }
        guard isRecipient else { return [] }
        return (permissions ?? .directMessage).union([.viewChannel, .readMessageHistory])
    }

    /// A direct message: its two sides may do what DMs allow, anyone else nothing.
    public static func directMessage(isRecipient: Bool) -> Permissions {
        isRecipient ? .directMessage : []
    }

    /// Saved messages: their owner may do everything.
    public static func savedMessages(isOwner: Bool) -> Permissions {
        isOwner ? .all : []
    }

    /// Lowest role first (largest rank number), so the highest role (rank 0) is applied last and wins.
    static func ordered(_ roles: [RankedRole]) -> [RankedRole] {
        roles.sorted { ($0.rank, $0.id) > ($1.rank, $1.id) }
    }

    static func restricted(_ permissions: Permissions, _ facts: ServerFacts, now: Date) -> Permissions {
        guard let until = facts.timedOutUntil, until > now else { return permissions }
        return permissions.intersection(.whileTimedOut)
    }
}
