import Foundation
import SQLKit
import Storage

extension ChatStore {
    /// The user, as its owner sees it (`relationship: "User"`); callers rewrite it per viewer.
    func user(id: String) async throws -> UserObject? {
        try await read { connection in
            try await Self.user(id: id, on: connection)
        }
    }

    static func user(id: String, on connection: any SQLDatabase) async throws -> UserObject? {
        try await connection.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(UserObject.init(row:))
    }

    /// The users with these ids that exist, in no particular order.
    func users(ids: [String]) async throws -> [UserObject] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [] }
        return try await read { connection in
            try await connection.raw("SELECT * FROM users WHERE id IN (\(binds: unique))").all().map(
                UserObject.init(row:))
        }
    }

    /// Makes the user record with the first free discriminator for `username` (random, then scanning), or nil when
    /// all 9,999 are taken.
    func createUser(id: String, username: String, botOwner: String? = nil) async throws -> UserObject? {
        for attempt in 0..<12 {
            let discriminator =
                attempt < 8 ? String(format: "%04d", Int.random(in: 1...9999)) : try await freeDiscriminator(username)
            guard let discriminator else { return nil }
            do {
                return try await write { connection in
                    try await connection.raw(
                        """
                        INSERT INTO users (id, username, username_key, discriminator, bot_owner, created_at)
                        VALUES (\(bind: id), \(bind: username), \(bind: username.lowercased()), \(bind: discriminator),
                            \(bind: botOwner), \(bind: Self.nowMilliseconds))
                        """
                    ).run()
                    return try await Self.user(id: id, on: connection)
                }
            } catch  where isUniqueViolation(error) {
                continue
            }
        }
        return nil
    }

    private func freeDiscriminator(_ username: String) async throws -> String? {
        let taken = try await read { connection in
            try await connection.raw(
                "SELECT discriminator FROM users WHERE username_key = \(bind: username.lowercased())"
            ).all().map { try $0.decode(column: "discriminator", as: String.self) }
        }
        let used = Set(taken)
        return (1...9999).lazy.map { String(format: "%04d", $0) }.first { !used.contains($0) }
    }

    /// Whether someone else holds `username` with this discriminator (a rename keeps the discriminator if it can).
    func usernameTaken(_ username: String, discriminator: String, except userID: String) async throws -> Bool {
        try await read { connection in
            try await connection.raw(
                """
                SELECT id FROM users WHERE username_key = \(bind: username.lowercased())
                    AND discriminator = \(bind: discriminator) AND id <> \(bind: userID)
                """
            ).first() != nil
        }
    }

    /// What `PATCH /users/@me` may change.
    struct UserChanges: Sendable {
        var username: String?
        var displayName: String??
        var status: UserObject.Status??
        var profileContent: String??
        /// A new avatar / background file id (claimed here), or `.some(nil)` to remove it.
        var avatar: String??
        var background: String??
    }

    /// Applies `changes` in one transaction: new avatar and background files are claimed (tag `avatars` /
    /// `backgrounds`, uploaded by the user, unused) and the files they replace released to cleanup.
    func updateUser(id: String, _ changes: UserChanges) async throws -> UserObject? {
        try await write { connection in
            guard let current = try await Self.user(id: id, on: connection) else { return nil }
            var profile = try await Self.profile(id: id, on: connection) ?? UserProfile()
            var user = current
            if let username = changes.username { user.username = username }
            if let displayName = changes.displayName { user.displayName = displayName }
            if let status = changes.status { user.status = status }
            if let content = changes.profileContent { profile.content = content }
            let usage = FileUsage(type: "user", id: id)
            if let avatar = changes.avatar {
                user.avatar = try await Self.replaceFile(
                    current.avatar, with: avatar, tag: "avatars", uploaderID: id, usage: usage, on: connection)
            }
            if let background = changes.background {
                profile.background = try await Self.replaceFile(
                    profile.background, with: background, tag: "backgrounds", uploaderID: id, usage: usage,
                    on: connection)
            }
            try await connection.raw(
                """
                UPDATE users SET username = \(bind: user.username), username_key = \(bind: user.username.lowercased()),
                    display_name = \(bind: user.displayName), avatar = \(bind: Self.json(user.avatar)),
                    status = \(bind: Self.json(user.status)), profile = \(bind: Self.json(profile))
                WHERE id = \(bind: id)
                """
            ).run()
            return user
        }
    }

    func profile(id: String) async throws -> UserProfile? {
        try await read { connection in try await Self.profile(id: id, on: connection) }
    }

    static func profile(id: String, on connection: any SQLDatabase) async throws -> UserProfile? {
        guard let row = try await connection.raw("SELECT profile FROM users WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try row.json("profile", as: UserProfile.self) ?? UserProfile()
    }

    /// Whether the two users share a server, a group or a direct message (who may look each other up).
    func related(_ first: String, _ second: String) async throws -> Bool {
        if first == second { return true }
        return try await read { connection in
            let server = try await connection.raw(
                """
                SELECT a.server_id FROM members a JOIN members b ON a.server_id = b.server_id
                WHERE a.user_id = \(bind: first) AND b.user_id = \(bind: second) LIMIT 1
                """
            ).first()
            if server != nil { return true }
            return try await connection.raw(
                """
                SELECT a.channel_id FROM channel_recipients a JOIN channel_recipients b ON a.channel_id = b.channel_id
                WHERE a.user_id = \(bind: first) AND b.user_id = \(bind: second) LIMIT 1
                """
            ).first() != nil
        }
    }
}

extension UserObject {
    init(row: any SQLRow) throws {
        let botOwner = try row.decode(column: "bot_owner", as: String?.self)
        let flags = try row.decode(column: "flags", as: Int64.self)
        let badges = try row.decode(column: "badges", as: Int64.self)
        self.init(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            discriminator: try row.decode(column: "discriminator", as: String.self),
            displayName: try row.decode(column: "display_name", as: String?.self),
            avatar: try row.json("avatar", as: FileObject.self),
            badges: badges == 0 ? nil : badges,
            status: try row.json("status", as: Status.self),
            flags: flags == 0 ? nil : flags,
            bot: botOwner.map { BotInfo(owner: $0) },
            relationship: "User",
            online: false
        )
    }
}
