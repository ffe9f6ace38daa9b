import Foundation
import SQLKit
import Storage

extension ChatStore {
    /// Makes a bot: its user (with `bot.owner`) and its bot row, in one transaction. Nil when the name has no free
    /// discriminator.
    func createBot(ownerID: String, name: String) async throws -> (user: UserObject, bot: BotObject)? {
        let id = ULID.make()
        guard let user = try await createUser(id: id, username: name, botOwner: ownerID) else { return nil }
        try await write { connection in
            try await connection.raw(
                """
                INSERT INTO bots (id, owner_id, public, created_at)
                VALUES (\(bind: id), \(bind: ownerID), FALSE, \(bind: Self.nowMilliseconds))
                """
            ).run()
        }
        return (user, BotObject(id: id, owner: ownerID, token: "", isPublic: false))
    }

    func bot(id: String) async throws -> BotObject? {
        try await read { connection in
            try await connection.raw("SELECT * FROM bots WHERE id = \(bind: id)").first().map(BotObject.init(row:))
        }
    }

    func bots(ownerID: String) async throws -> [BotObject] {
        try await read { connection in
            try await connection.raw("SELECT * FROM bots WHERE owner_id = \(bind: ownerID) ORDER BY id").all().map(
                BotObject.init(row:))
        }
    }
}

extension BotObject {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            owner: try row.decode(column: "owner_id", as: String.self),
            token: "",
            isPublic: try row.decode(column: "public", as: Bool.self),
            interactionsURL: try row.decode(column: "interactions_url", as: String?.self))
    }
}
