import Foundation
import SQLKit
import Storage

extension ChatStore {
    /// Makes a bot: its user (with `bot.owner`) and its bot row with a fresh signing key, in one transaction. Nil
    /// when the name has no free discriminator.
    func createBot(ownerID: String, name: String) async throws -> (user: UserObject, bot: BotObject)? {
        let id = ULID.make()
        guard let user = try await createUser(id: id, username: name, botOwner: ownerID) else { return nil }
        let key = InteractionSigner.makeKey()
        try await write { connection in
            try await connection.raw(
                """
                INSERT INTO bots (id, owner_id, public, created_at, signing_key)
                VALUES (\(bind: id), \(bind: ownerID), FALSE, \(bind: Self.nowMilliseconds), \(bind: key))
                """
            ).run()
        }
        return try await bot(id: id).map { (user, $0) }
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

    /// What `PATCH /bots/{id}` may change (the name is the bot user's, changed with the user).
    struct BotChanges: Sendable {
        var isPublic: Bool?
        var analytics: Bool?
        var interactionsURL: String??
    }

    func updateBot(id: String, _ changes: BotChanges) async throws -> BotObject? {
        try await write { connection in
            guard
                var bot = try await connection.raw("SELECT * FROM bots WHERE id = \(bind: id)").first().map(
                    BotObject.init(row:))
            else { return nil }
            if let isPublic = changes.isPublic { bot.isPublic = isPublic }
            if let analytics = changes.analytics { bot.analytics = analytics }
            if let url = changes.interactionsURL { bot.interactionsURL = url }
            try await connection.raw(
                """
                UPDATE bots SET public = \(bind: bot.isPublic), analytics = \(bind: bot.analytics),
                    interactions_url = \(bind: bot.interactionsURL)
                WHERE id = \(bind: id)
                """
            ).run()
            return bot
        }
    }

    /// The bot's Ed25519 private key (raw, base64), made and stored on first use for bots from before keys.
    func signingKey(botID: String) async throws -> String? {
        try await write { connection in
            guard let row = try await connection.raw("SELECT signing_key FROM bots WHERE id = \(bind: botID)").first()
            else { return nil }
            if let key = try row.decode(column: "signing_key", as: String?.self) { return key }
            let key = InteractionSigner.makeKey()
            try await connection.raw("UPDATE bots SET signing_key = \(bind: key) WHERE id = \(bind: botID)").run()
            return key
        }
    }

    /// Deletes a bot: its row, its memberships and its user's name (the user stays, flagged deleted, so its
    /// messages keep an author). Returns the servers it left.
    func deleteBot(id: String) async throws -> [String] {
        try await write { connection in
            let servers = try await connection.raw(
                "DELETE FROM members WHERE user_id = \(bind: id) RETURNING server_id"
            ).all().map { try $0.decode(column: "server_id", as: String.self) }
            try await connection.raw("DELETE FROM channel_recipients WHERE user_id = \(bind: id)").run()
            try await connection.raw("DELETE FROM bots WHERE id = \(bind: id)").run()
            try await connection.raw(
                """
                UPDATE users SET flags = flags | \(bind: UserObject.deletedFlag), username = 'Deleted User',
                    username_key = \(bind: "deleted user " + id), display_name = NULL
                WHERE id = \(bind: id)
                """
            ).run()
            return servers
        }
    }

    /// Which of `userIDs` are members of the server (one query, however many are asked about).
    func memberIDs(serverID: String, among userIDs: [String]) async throws -> [String] {
        guard !userIDs.isEmpty else { return [] }
        return try await read { connection in
            try await connection.raw(
                "SELECT user_id FROM members WHERE server_id = \(bind: serverID) AND user_id IN (\(binds: userIDs))"
            ).all().map { try $0.decode(column: "user_id", as: String.self) }
        }
    }

    /// The bots with an interactions endpoint, by id: who signed deliveries are for.
    func botsWithEndpoints() async throws -> [String: String] {
        try await read { connection in
            let rows = try await connection.raw(
                "SELECT id, interactions_url FROM bots WHERE interactions_url IS NOT NULL"
            ).all()
            var endpoints: [String: String] = [:]
            for row in rows {
                endpoints[try row.decode(column: "id", as: String.self)] = try row.decode(
                    column: "interactions_url", as: String.self)
            }
            return endpoints
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
            analytics: try row.decode(column: "analytics", as: Bool.self),
            discoverable: try row.decode(column: "discoverable", as: Bool.self),
            interactionsURL: try row.decode(column: "interactions_url", as: String?.self),
            termsOfServiceURL: try row.decode(column: "terms_of_service_url", as: String?.self),
            privacyPolicyURL: try row.decode(column: "privacy_policy_url", as: String?.self),
            publicKey: try row.decode(column: "signing_key", as: String?.self).flatMap(
                InteractionSigner.publicKey(ofKey:)))
    }
}
