import Foundation
import SQLKit
import Storage

extension ChatStore {
    func member(serverID: String, userID: String) async throws -> MemberObject? {
        try await read { connection in try await Self.member(serverID: serverID, userID: userID, on: connection) }
    }

    static func member(serverID: String, userID: String, on connection: any SQLDatabase) async throws -> MemberObject? {
        try await connection.raw(
            "SELECT * FROM members WHERE server_id = \(bind: serverID) AND user_id = \(bind: userID)"
        ).first().map(MemberObject.init(row:))
    }

    func members(serverID: String) async throws -> [MemberObject] {
        try await read { connection in try await Self.members(serverID: serverID, on: connection) }
    }

    static func members(serverID: String, on connection: any SQLDatabase) async throws -> [MemberObject] {
        try await connection.raw(
            "SELECT * FROM members WHERE server_id = \(bind: serverID) ORDER BY joined_at, user_id"
        )
        .all().map(MemberObject.init(row:))
    }

    static func insertMember(
        serverID: String, userID: String, on connection: any SQLDatabase
    ) async throws
        -> MemberObject
    {
        let now = Date.now.millisecondsSince1970
        try await connection.raw(
            """
            INSERT INTO members (server_id, user_id, joined_at, roles)
            VALUES (\(bind: serverID), \(bind: userID), \(bind: now), '[]')
            """
        ).run()
        return MemberObject(
            id: .init(server: serverID, user: userID), joinedAt: Date(millisecondsSince1970: now), roles: [])
    }

    enum JoinOutcome: Sendable {
        case joined(MemberObject)
        case alreadyMember
        case banned
    }

    /// Adds a user to a server unless it is banned or a member already.
    func join(serverID: String, userID: String) async throws -> JoinOutcome {
        do {
            return try await write { connection in
                let banned = try await connection.raw(
                    "SELECT user_id FROM bans WHERE server_id = \(bind: serverID) AND user_id = \(bind: userID)"
                ).first()
                if banned != nil { return .banned }
                return .joined(try await Self.insertMember(serverID: serverID, userID: userID, on: connection))
            }
        } catch  where isUniqueViolation(error) {
            return .alreadyMember
        }
    }

    struct MemberChanges: Sendable {
        var nickname: String??
        var roles: [String]?
        var timeout: Date??
        var avatar: String??
    }

    func updateMember(
        serverID: String, userID: String, by callerID: String, _ changes: MemberChanges
    ) async throws
        -> MemberObject?
    {
        try await write { connection in
            guard var member = try await Self.member(serverID: serverID, userID: userID, on: connection) else {
                return nil
            }
            if let nickname = changes.nickname { member.nickname = nickname }
            if let roles = changes.roles { member.roles = roles }
            if let timeout = changes.timeout { member.timeout = timeout }
            if let avatar = changes.avatar {
                let usage = FileUsage(type: "member", id: serverID + ":" + userID)
                member.avatar = try await Self.replaceFile(
                    member.avatar, with: avatar, tag: "avatars", uploaderID: callerID, usage: usage, on: connection)
            }
            try await connection.raw(
                """
                UPDATE members SET nickname = \(bind: member.nickname), roles = \(bind: Self.json(member.roles)),
                    timeout = \(bind: member.timeout?.millisecondsSince1970), avatar = \(bind: Self.json(member.avatar))
                WHERE server_id = \(bind: serverID) AND user_id = \(bind: userID)
                """
            ).run()
            return member
        }
    }

    /// Removes a member (kick, leave, ban); with `ban`, records the ban in the same transaction. False when the
    /// user was not a member (a ban is still recorded).
    @discardableResult
    func removeMember(serverID: String, userID: String, ban: Bool = false, reason: String? = nil) async throws -> Bool {
        try await write { connection in
            let removed =
                try await connection.raw(
                    """
                    DELETE FROM members WHERE server_id = \(bind: serverID) AND user_id = \(bind: userID)
                    RETURNING user_id
                    """
                ).first() != nil
            if ban {
                try await connection.raw(
                    """
                    INSERT INTO bans (server_id, user_id, reason) VALUES (\(bind: serverID), \(bind: userID),
                        \(bind: reason))
                    ON CONFLICT (server_id, user_id) DO UPDATE SET reason = excluded.reason
                    """
                ).run()
            }
            return removed
        }
    }

    func unban(serverID: String, userID: String) async throws -> Bool {
        try await write { connection in
            try await connection.raw(
                "DELETE FROM bans WHERE server_id = \(bind: serverID) AND user_id = \(bind: userID) RETURNING user_id"
            ).first() != nil
        }
    }

    func bans(serverID: String) async throws -> [BanObject] {
        try await read { connection in
            try await connection.raw("SELECT * FROM bans WHERE server_id = \(bind: serverID) ORDER BY user_id").all()
                .map {
                    BanObject(
                        id: .init(server: serverID, user: try $0.decode(column: "user_id", as: String.self)),
                        reason: try $0.decode(column: "reason", as: String?.self))
                }
        }
    }
}

extension MemberObject {
    init(row: any SQLRow) throws {
        self.init(
            id: .init(
                server: try row.decode(column: "server_id", as: String.self),
                user: try row.decode(column: "user_id", as: String.self)),
            joinedAt: Date(millisecondsSince1970: try row.decode(column: "joined_at", as: Int64.self)),
            nickname: try row.decode(column: "nickname", as: String?.self),
            avatar: try row.json("avatar", as: FileObject.self),
            roles: try row.json("roles", as: [String].self) ?? [],
            timeout: try row.milliseconds("timeout")
        )
    }
}
