import Foundation
import SQLKit
import Storage

extension ChatStore {
    func channel(id: String) async throws -> ChannelObject? {
        try await read { connection in try await Self.channel(id: id, on: connection) }
    }

    static func channel(id: String, on connection: any SQLDatabase) async throws -> ChannelObject? {
        guard let row = try await connection.raw("SELECT * FROM channels WHERE id = \(bind: id)").first() else {
            return nil
        }
        var channel = try ChannelObject(row: row)
        if channel.channelType == .directMessage || channel.channelType == .group {
            channel.recipients = try await recipients(channelID: id, on: connection)
        }
        return channel
    }

    static func recipients(channelID: String, on connection: any SQLDatabase) async throws -> [String] {
        try await connection.raw(
            "SELECT user_id FROM channel_recipients WHERE channel_id = \(bind: channelID) ORDER BY user_id"
        ).all().map { try $0.decode(column: "user_id", as: String.self) }
    }

    /// The channels of these servers, in creation order.
    func channels(serverIDs: [String]) async throws -> [ChannelObject] {
        guard !serverIDs.isEmpty else { return [] }
        return try await read { connection in
            try await connection.raw(
                "SELECT * FROM channels WHERE server_id IN (\(binds: serverIDs)) ORDER BY created_at, id"
            ).all().map(ChannelObject.init(row:))
        }
    }

    /// A new text (or voice) channel at the end of the server's list.
    func createServerChannel(
        serverID: String, name: String, description: String?, nsfw: Bool, voice: Bool
    ) async throws -> ChannelObject {
        let id = ULID.make()
        return try await write { connection in
            try await connection.raw(
                """
                INSERT INTO channels (id, channel_type, server_id, name, description, nsfw, voice, created_at)
                VALUES (\(bind: id), 'TextChannel', \(bind: serverID), \(bind: name), \(bind: description),
                    \(bind: nsfw), \(bind: voice ? "{}" : nil), \(bind: Self.nowMilliseconds))
                """
            ).run()
            guard let channel = try await Self.channel(id: id, on: connection) else {
                throw StorageError.unreachable("the new channel was not read back")
            }
            return channel
        }
    }

    /// A user's saved messages, made on first use.
    func savedMessages(userID: String) async throws -> ChannelObject {
        try await oneOnOne(key: "saved:" + userID) { id in
            (
                "INSERT INTO channels (id, channel_type, owner_id, dm_key, created_at) VALUES (\(bind: id), 'SavedMessages', \(bind: userID), \(bind: "saved:" + userID), \(bind: Self.nowMilliseconds))",
                [userID]
            )
        }
    }

    /// The direct message between two users, made on first use.
    func directMessage(between first: String, and second: String) async throws -> ChannelObject {
        let key = "dm:" + [first, second].sorted().joined(separator: ":")
        return try await oneOnOne(key: key) { id in
            (
                "INSERT INTO channels (id, channel_type, dm_key, created_at) VALUES (\(bind: id), 'DirectMessage', \(bind: key), \(bind: Self.nowMilliseconds))",
                [first, second]
            )
        }
    }

    private func oneOnOne(
        key: String, insert: @escaping @Sendable (String) -> (SQLQueryString, [String])
    ) async throws -> ChannelObject {
        for _ in 0..<2 {
            if let existing = try await read({ connection in
                try await connection.raw("SELECT id FROM channels WHERE dm_key = \(bind: key)").first()
            }) {
                let id = try existing.decode(column: "id", as: String.self)
                if let channel = try await channel(id: id) { return channel }
            }
            do {
                let id = ULID.make()
                return try await write { connection in
                    let (statement, recipients) = insert(id)
                    try await connection.raw(statement).run()
                    for user in Set(recipients) {
                        try await connection.raw(
                            "INSERT INTO channel_recipients (channel_id, user_id) VALUES (\(bind: id), \(bind: user))"
                        ).run()
                    }
                    guard let channel = try await Self.channel(id: id, on: connection) else {
                        throw StorageError.unreachable("the new channel was not read back")
                    }
                    return channel
                }
            } catch  where isUniqueViolation(error) {
                continue  // made at the same moment by another request: read theirs
            }
        }
        throw StorageError.conflict("channel \(key) could not be made")
    }

    /// The user's direct messages that have seen a message, its groups, and its saved messages if made.
    func privateChannels(userID: String) async throws -> [ChannelObject] {
        try await read { connection in try await Self.privateChannels(userID: userID, on: connection) }
    }

    static func privateChannels(userID: String, on connection: any SQLDatabase) async throws -> [ChannelObject] {
        let ids = try await connection.raw(
            """
            SELECT c.id FROM channels c JOIN channel_recipients r ON r.channel_id = c.id
            WHERE r.user_id = \(bind: userID)
                AND (c.channel_type <> 'DirectMessage' OR c.active = TRUE OR c.channel_type = 'SavedMessages')
            ORDER BY c.id
            """
        ).all().map { try $0.decode(column: "id", as: String.self) }
        var channels: [ChannelObject] = []
        for id in ids {
            if let channel = try await Self.channel(id: id, on: connection) { channels.append(channel) }
        }
        return channels
    }

    /// A new group owned by `ownerID` with these members.
    func createGroup(
        ownerID: String, name: String, description: String?, recipients: [String]
    ) async throws
        -> ChannelObject
    {
        let id = ULID.make()
        return try await write { connection in
            try await connection.raw(
                """
                INSERT INTO channels (id, channel_type, name, description, owner_id, created_at)
                VALUES (\(bind: id), 'Group', \(bind: name), \(bind: description), \(bind: ownerID),
                    \(bind: Self.nowMilliseconds))
                """
            ).run()
            for user in Set(recipients + [ownerID]) {
                try await connection.raw(
                    "INSERT INTO channel_recipients (channel_id, user_id) VALUES (\(bind: id), \(bind: user))"
                ).run()
            }
            guard let channel = try await Self.channel(id: id, on: connection) else {
                throw StorageError.unreachable("the new group was not read back")
            }
            return channel
        }
    }

    /// Adds (true) or removes (false) a group recipient; false when nothing changed.
    func setRecipient(channelID: String, userID: String, present: Bool) async throws -> Bool {
        try await write { connection in
            if present {
                do {
                    try await connection.raw(
                        "INSERT INTO channel_recipients (channel_id, user_id) VALUES (\(bind: channelID), \(bind: userID))"
                    ).run()
                    return true
                } catch  where isUniqueViolation(error) {
                    return false
                }
            }
            return try await connection.raw(
                """
                DELETE FROM channel_recipients WHERE channel_id = \(bind: channelID) AND user_id = \(bind: userID)
                RETURNING user_id
                """
            ).first() != nil
        }
    }

    struct ChannelChanges: Sendable {
        var name: String?
        var description: String??
        var nsfw: Bool?
        var icon: String??
    }

    func updateChannel(id: String, by userID: String, _ changes: ChannelChanges) async throws -> ChannelObject? {
        try await write { connection in
            guard var channel = try await Self.channel(id: id, on: connection) else { return nil }
            if let name = changes.name { channel.name = name }
            if let description = changes.description { channel.description = description }
            if let nsfw = changes.nsfw { channel.nsfw = nsfw }
            if let icon = changes.icon {
                let usage = FileUsage(type: "channel", id: id)
                channel.icon = try await Self.replaceFile(
                    channel.icon, with: icon, tag: "icons", uploaderID: userID, usage: usage, on: connection)
            }
            try await connection.raw(
                """
                UPDATE channels SET name = \(bind: channel.name), description = \(bind: channel.description),
                    nsfw = \(bind: channel.nsfw ?? false), icon = \(bind: Self.json(channel.icon))
                WHERE id = \(bind: id)
                """
            ).run()
            return channel
        }
    }

    /// Sets the channel's override for a role, or its default override when `roleID` is nil; for a group, `allow`
    /// is the group's permissions.
    func setChannelPermissions(
        channelID: String, roleID: String?, _ override: PermissionOverride
    ) async throws
        -> ChannelObject?
    {
        try await write { connection in
            guard var channel = try await Self.channel(id: channelID, on: connection) else { return nil }
            if channel.channelType == .group {
                channel.permissions = Permissions(rawValue: override.allow)
            } else if let roleID {
                channel.rolePermissions = (channel.rolePermissions ?? [:]).merging([roleID: override]) { $1 }
            } else {
                channel.defaultPermissions = override
            }
            try await connection.raw(
                """
                UPDATE channels SET role_permissions = \(bind: Self.json(channel.rolePermissions ?? [:])),
                    default_permissions = \(bind: Self.json(channel.defaultPermissions)),
                    group_permissions = \(bind: channel.permissions.map { Int64($0.rawValue) })
                WHERE id = \(bind: channelID)
                """
            ).run()
            return channel
        }
    }

    /// Deletes a server channel or a group with its messages (their files released) and invites.
    func deleteChannel(id: String) async throws {
        try await write { connection in
            try await Self.deleteChannelContents(id, on: connection)
            try await FileClaims.release(heldBy: FileUsage(type: "channel", id: id), on: connection)
            try await connection.raw("DELETE FROM invites WHERE channel_id = \(bind: id)").run()
            try await connection.raw("DELETE FROM channel_recipients WHERE channel_id = \(bind: id)").run()
            try await connection.raw("DELETE FROM channels WHERE id = \(bind: id)").run()
        }
    }

    /// Removes a channel's messages and read state, releasing every attachment.
    static func deleteChannelContents(_ channelID: String, on connection: any SQLDatabase) async throws {
        let now = Date.now.millisecondsSince1970
        try await connection.raw(
            """
            UPDATE files SET deleted = TRUE, deleted_at = \(bind: now)
            WHERE used_for_type = 'message' AND deleted = FALSE
                AND used_for_id IN (SELECT id FROM messages WHERE channel_id = \(bind: channelID))
            """
        ).run()
        try await connection.raw("DELETE FROM messages WHERE channel_id = \(bind: channelID)").run()
        try await connection.raw("DELETE FROM channel_unreads WHERE channel_id = \(bind: channelID)").run()
    }
}

extension ChannelObject {
    init(row: any SQLRow) throws {
        let kind = Kind(rawValue: try row.decode(column: "channel_type", as: String.self)) ?? .textChannel
        let id = try row.decode(column: "id", as: String.self)
        let nsfw = try row.decode(column: "nsfw", as: Bool.self)
        self.init(channelType: kind, id: id)
        switch kind {
        case .savedMessages:
            user = try row.decode(column: "owner_id", as: String.self)
        case .directMessage:
            active = try row.decode(column: "active", as: Bool.self)
            recipients = []
            lastMessageID = try row.decode(column: "last_message_id", as: String?.self)
        case .group:
            name = try row.decode(column: "name", as: String?.self) ?? ""
            owner = try row.decode(column: "owner_id", as: String?.self)
            description = try row.decode(column: "description", as: String?.self)
            icon = try row.json("icon", as: FileObject.self)
            lastMessageID = try row.decode(column: "last_message_id", as: String?.self)
            permissions = try row.decode(column: "group_permissions", as: Int64?.self).map {
                Permissions(rawValue: UInt64($0))
            }
            recipients = []
            self.nsfw = nsfw ? true : nil
        case .textChannel:
            server = try row.decode(column: "server_id", as: String?.self)
            name = try row.decode(column: "name", as: String?.self) ?? ""
            description = try row.decode(column: "description", as: String?.self)
            icon = try row.json("icon", as: FileObject.self)
            lastMessageID = try row.decode(column: "last_message_id", as: String?.self)
            defaultPermissions = try row.json("default_permissions", as: PermissionOverride.self)
            rolePermissions = try row.json("role_permissions", as: [String: PermissionOverride].self) ?? [:]
            self.nsfw = nsfw ? true : nil
            voice = try row.json("voice", as: Voice.self)
        }
    }

    init(channelType: Kind, id: String) {
        self.channelType = channelType
        self.id = id
    }
}
