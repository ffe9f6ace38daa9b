import Foundation
import SQLKit
import Storage

extension ChatStore {
    /// A new invite with an 8-character code from an unambiguous alphabet.
    func createInvite(serverID: String, channelID: String, creatorID: String) async throws -> InviteObject {
        for _ in 0..<5 {
            let invite = InviteObject(id: Self.inviteCode(), server: serverID, creator: creatorID, channel: channelID)
            do {
                try await write { connection in
                    try await connection.raw(
                        """
                        INSERT INTO invites (code, server_id, channel_id, creator_id, created_at)
                        VALUES (\(bind: invite.id), \(bind: serverID), \(bind: channelID), \(bind: creatorID),
                            \(bind: Self.nowMilliseconds))
                        """
                    ).run()
                }
                return invite
            } catch  where isUniqueViolation(error) {
                continue
            }
        }
        throw StorageError.conflict("no free invite code")
    }

    func invite(code: String) async throws -> InviteObject? {
        try await read { connection in
            try await connection.raw("SELECT * FROM invites WHERE code = \(bind: code)").first().map(
                InviteObject.init(row:))
        }
    }

    func invites(serverID: String) async throws -> [InviteObject] {
        try await read { connection in
            try await connection.raw("SELECT * FROM invites WHERE server_id = \(bind: serverID) ORDER BY created_at")
                .all().map(InviteObject.init(row:))
        }
    }

    func deleteInvite(code: String) async throws -> Bool {
        try await write { connection in
            try await connection.raw("DELETE FROM invites WHERE code = \(bind: code) RETURNING code").first() != nil
        }
    }

    static let inviteAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    static func inviteCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in inviteAlphabet.randomElement(using: &generator)! })
    }
}

extension InviteObject {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "code", as: String.self),
            server: try row.decode(column: "server_id", as: String.self),
            creator: try row.decode(column: "creator_id", as: String.self),
            channel: try row.decode(column: "channel_id", as: String.self))
    }
}
