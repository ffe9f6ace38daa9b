import Foundation
import HTTPSupport
import Identity

/// A channel as one caller may use it: the channel, its server (without its channel list, which permission checks do
/// not need) and the caller's membership when it has one, and what the caller may do there. Made only for a channel
/// the caller can see: any other answers 404.
struct ChannelAccess: Sendable {
    var channel: ChannelObject
    var server: ServerObject?
    var member: MemberObject?
    var permissions: Permissions

    func require(_ permission: Permissions) throws { try permissions.require(permission) }
}

/// A server as one caller, a member of it, may use it.
struct ServerAccess: Sendable {
    var server: ServerObject
    var member: MemberObject
    var permissions: Permissions

    var isOwner: Bool { server.owner == member.id.user }

    func require(_ permission: Permissions) throws { try permissions.require(permission) }

    /// The caller's highest rank (0 is highest; the owner outranks every role).
    var rank: Int {
        if isOwner { return Int.min }
        return member.roles.compactMap { server.roles?[$0]?.rank }.min() ?? Int.max
    }

    /// Whether the caller ranks above `other` (a member to manage, roles to hand out).
    func outranks(_ other: MemberObject) -> Bool {
        if isOwner { return other.id.user != server.owner }
        if other.id.user == server.owner { return false }
        let otherRank = other.roles.compactMap { server.roles?[$0]?.rank }.min() ?? Int.max
        return rank < otherRank
    }
}

extension Permissions {
    /// Throws `MissingPermission` naming the first of `needed` that these permissions lack.
    func require(_ needed: Permissions) throws {
        guard isSuperset(of: needed) else { throw APIError.missingPermission(needed.subtracting(self)) }
    }
}

extension ChatDependencies {
    /// The caller's view of a channel; `UnknownChannel` (404) when it does not exist or the caller cannot see it,
    /// so a hidden channel's existence does not leak.
    func channelAccess(_ channelID: String, caller: Caller, now: Date = .now) async throws -> ChannelAccess {
        guard ULID.isValid(channelID), let channel = try await store.channel(id: channelID) else {
            throw APIError.unknownChannel
        }
        var access = ChannelAccess(channel: channel, permissions: [])
        switch channel.channelType {
        case .savedMessages:
            access.permissions = PermissionCalculator.savedMessages(isOwner: channel.user == caller.userID)
        case .directMessage:
            access.permissions = PermissionCalculator.directMessage(
                isRecipient: channel.recipients?.contains(caller.userID) ?? false)
        case .group:
            access.permissions = PermissionCalculator.group(
                isOwner: channel.owner == caller.userID,
                isRecipient: channel.recipients?.contains(caller.userID) ?? false, permissions: channel.permissions)
        case .textChannel:
            guard let serverID = channel.server,
                let (server, member) = try await store.serverAndMember(serverID: serverID, userID: caller.userID)
            else { throw APIError.unknownChannel }
            access.server = server
            access.member = member
            access.permissions = PermissionCalculator.channel(
                Self.facts(server: server, member: member, userID: caller.userID),
                PermissionCalculator.ChannelOverrides(
                    defaultOverride: channel.defaultPermissions, roleOverrides: channel.rolePermissions ?? [:]),
                now: now)
        }
        guard access.permissions.contains(.viewChannel) else { throw APIError.unknownChannel }
        return access
    }

    /// The caller's view of a server it is a member of; `UnknownServer` (404) otherwise.
    func serverAccess(_ serverID: String, caller: Caller, now: Date = .now) async throws -> ServerAccess {
        guard ULID.isValid(serverID), let server = try await store.server(id: serverID),
            let member = try await store.member(serverID: serverID, userID: caller.userID)
        else { throw APIError.unknownServer }
        let permissions = PermissionCalculator.server(
            Self.facts(server: server, member: member, userID: caller.userID), now: now)
        return ServerAccess(server: server, member: member, permissions: permissions)
    }

    static func facts(
        server: ServerObject, member: MemberObject?, userID: String
    )
        -> PermissionCalculator.ServerFacts
    {
        PermissionCalculator.ServerFacts(
            isOwner: server.owner == userID,
            isMember: member != nil,
            defaultPermissions: server.defaultPermissions,
            roles: (member?.roles ?? []).compactMap { id in
                server.roles?[id].map { .init(id: id, rank: $0.rank, permissions: $0.permissions) }
            },
            timedOutUntil: member?.timeout
        )
    }

    /// The channels of `server` that `userID` can see.
    func visibleChannels(
        of server: ServerObject, member: MemberObject?, userID: String, now: Date = .now
    )
        async throws -> [ChannelObject]
    {
        try await ChatViews(store: store).visibleChannels(of: server, member: member, userID: userID, now: now)
    }
}
