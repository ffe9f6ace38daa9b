import Foundation
import SQLKit
import Storage

extension ChatStore {
    func server(id: String) async throws -> ServerObject? {
        try await read { connection in try await Self.server(id: id, on: connection) }
    }

    static func server(id: String, on connection: any SQLDatabase) async throws -> ServerObject? {
        guard let row = try await connection.raw("SELECT * FROM servers WHERE id = \(bind: id)").first() else {
            return nil
        }
        let channels = try await connection.raw(
            "SELECT id FROM channels WHERE server_id = \(bind: id) ORDER BY created_at, id"
        ).all().map { try $0.decode(column: "id", as: String.self) }
        return try ServerObject(row: row, channels: channels)
    }

    /// A server row without its channel list, and `userID`'s membership of it, in one query: what permission
    /// checks need, on every channel request.
    func serverAndMember(
        serverID: String, userID: String
    ) async throws -> (server: ServerObject, member: MemberObject?)? {
        try await read { connection in
            guard
                let row = try await connection.raw(
                    """
                    SELECT s.*, m.joined_at AS member_joined_at, m.nickname AS member_nickname,
                        m.avatar AS member_avatar, m.roles AS member_roles, m.timeout AS member_timeout
                    FROM servers s LEFT JOIN members m ON m.server_id = s.id AND m.user_id = \(bind: userID)
                    WHERE s.id = \(bind: serverID)
                    """
                ).first()
            else { return nil }
            let server = try ServerObject(row: row, channels: [])
            guard let joined = try row.decode(column: "member_joined_at", as: Int64?.self) else { return (server, nil) }
            let member = MemberObject(
                id: .init(server: serverID, user: userID), joinedAt: Date(millisecondsSince1970: joined),
                nickname: try row.decode(column: "member_nickname", as: String?.self),
                avatar: try row.json("member_avatar", as: FileObject.self),
                roles: try row.json("member_roles", as: [String].self) ?? [],
                timeout: try row.milliseconds("member_timeout"))
            return (server, member)
        }
    }

    /// The servers `userID` is a member of.
    func servers(memberID userID: String) async throws -> [ServerObject] {
        try await read { connection in
            let ids = try await connection.raw(
                "SELECT server_id FROM members WHERE user_id = \(bind: userID) ORDER BY joined_at"
            ).all().map { try $0.decode(column: "server_id", as: String.self) }
            var servers: [ServerObject] = []
            for id in ids { if let server = try await Self.server(id: id, on: connection) { servers.append(server) } }
            return servers
        }
    }

    /// A new server owned by `ownerID` with a `General` text channel, the owner its first member.
    func createServer(
        ownerID: String, name: String, description: String?, nsfw: Bool
    ) async throws -> (
        server: ServerObject, channel: ChannelObject, member: MemberObject
    ) {
        let serverID = ULID.make()
        let channelID = ULID.make()
        let now = Self.nowMilliseconds
        return try await write { connection in
            try await connection.raw(
                """
                INSERT INTO servers (id, owner_id, name, description, default_permissions, roles, nsfw, created_at)
                VALUES (\(bind: serverID), \(bind: ownerID), \(bind: name), \(bind: description),
                    \(bind: Int64(Permissions.serverDefault.rawValue)), '{}', \(bind: nsfw), \(bind: now))
                """
            ).run()
            try await connection.raw(
                """
                INSERT INTO channels (id, channel_type, server_id, name, created_at)
                VALUES (\(bind: channelID), 'TextChannel', \(bind: serverID), 'General', \(bind: now))
                """
            ).run()
            let member = try await Self.insertMember(serverID: serverID, userID: ownerID, on: connection)
            guard let server = try await Self.server(id: serverID, on: connection),
                let channel = try await Self.channel(id: channelID, on: connection)
            else { throw StorageError.unreachable("the new server was not read back") }
            return (server, channel, member)
        }
    }

    struct ServerChanges: Sendable {
        var name: String?
        var description: String??
        var nsfw: Bool?
        var icon: String??
        var banner: String??
    }

    func updateServer(id: String, by userID: String, _ changes: ServerChanges) async throws -> ServerObject? {
        try await write { connection in
            guard var server = try await Self.server(id: id, on: connection) else { return nil }
            if let name = changes.name { server.name = name }
            if let description = changes.description { server.description = description }
            if let nsfw = changes.nsfw { server.nsfw = nsfw }
            let usage = FileUsage(type: "server", id: id)
            if let icon = changes.icon {
                server.icon = try await Self.replaceFile(
                    server.icon, with: icon, tag: "icons", uploaderID: userID, usage: usage, on: connection)
            }
            if let banner = changes.banner {
                server.banner = try await Self.replaceFile(
                    server.banner, with: banner, tag: "banners", uploaderID: userID, usage: usage, on: connection)
            }
            try await connection.raw(
                """
                UPDATE servers SET name = \(bind: server.name), description = \(bind: server.description),
                    nsfw = \(bind: server.nsfw ?? false), icon = \(bind: Self.json(server.icon)),
                    banner = \(bind: Self.json(server.banner))
                WHERE id = \(bind: id)
                """
            ).run()
            return server
        }
    }

    /// Deletes the server with its channels, messages, members, bans and invites; every file they held is
    /// released to cleanup. Returns the user ids that were members.
    func deleteServer(id: String) async throws -> [String] {
        try await write { connection in
            let members = try await connection.raw("SELECT user_id FROM members WHERE server_id = \(bind: id)").all()
                .map { try $0.decode(column: "user_id", as: String.self) }
            let channels = try await connection.raw("SELECT id FROM channels WHERE server_id = \(bind: id)").all()
                .map { try $0.decode(column: "id", as: String.self) }
            for channel in channels { try await Self.deleteChannelContents(channel, on: connection) }
            try await FileClaims.release(heldBy: FileUsage(type: "server", id: id), on: connection)
            for table in ["members", "bans", "invites", "channels"] {
                try await connection.raw("DELETE FROM \(unsafeRaw: table) WHERE server_id = \(bind: id)").run()
            }
            try await connection.raw("DELETE FROM servers WHERE id = \(bind: id)").run()
            return members
        }
    }

    /// Rewrites the server's roles and @everyone permissions in one statement (roles live in the server row).
    func saveRoles(serverID: String, roles: [String: RoleObject], defaultPermissions: Permissions) async throws {
        try await write { connection in
            try await connection.raw(
                """
                UPDATE servers SET roles = \(bind: Self.json(roles)),
                    default_permissions = \(bind: Int64(defaultPermissions.rawValue))
                WHERE id = \(bind: serverID)
                """
            ).run()
        }
    }

    /// Deletes a role: from the server, from every member holding it and from every channel override naming it.
    func deleteRole(serverID: String, roleID: String) async throws {
        try await write { connection in
            guard var server = try await Self.server(id: serverID, on: connection) else { return }
            server.roles?[roleID] = nil
            try await connection.raw(
                "UPDATE servers SET roles = \(bind: Self.json(server.roles ?? [:])) WHERE id = \(bind: serverID)"
            ).run()
            for member in try await Self.members(serverID: serverID, on: connection)
            where member.roles.contains(roleID) {
                try await connection.raw(
                    """
                    UPDATE members SET roles = \(bind: Self.json(member.roles.filter { $0 != roleID }))
                    WHERE server_id = \(bind: serverID) AND user_id = \(bind: member.id.user)
                    """
                ).run()
            }
            for channelID in server.channels {
                guard var channel = try await Self.channel(id: channelID, on: connection),
                    channel.rolePermissions?[roleID] != nil
                else { continue }
                channel.rolePermissions?[roleID] = nil
                try await connection.raw(
                    """
                    UPDATE channels SET role_permissions = \(bind: Self.json(channel.rolePermissions ?? [:]))
                    WHERE id = \(bind: channelID)
                    """
                ).run()
            }
        }
    }
}

extension ServerObject {
    init(row: any SQLRow, channels: [String]) throws {
        let roles = try row.json("roles", as: [String: RoleObject].self) ?? [:]
        let flags = try row.decode(column: "flags", as: Int64.self)
        let nsfw = try row.decode(column: "nsfw", as: Bool.self)
        self.init(
            id: try row.decode(column: "id", as: String.self),
            owner: try row.decode(column: "owner_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            channels: channels,
            roles: roles.isEmpty ? nil : roles,
            defaultPermissions: Permissions(
                rawValue: UInt64(try row.decode(column: "default_permissions", as: Int64.self))),
            icon: try row.json("icon", as: FileObject.self),
            banner: try row.json("banner", as: FileObject.self),
            flags: flags == 0 ? nil : flags,
            nsfw: nsfw ? true : nil
        )
    }
}
