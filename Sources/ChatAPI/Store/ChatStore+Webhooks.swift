import Foundation
import SQLKit
import Storage

extension ChatStore {
    /// Makes a channel's webhook; its avatar (tag `avatars`, uploaded by the creator) is claimed in the same
    /// transaction.
    func createWebhook(
        channelID: String, creatorID: String, name: String, avatarID: String?, permissions: Int64, token: String
    ) async throws -> WebhookObject {
        let id = ULID.make()
        return try await write { connection in
            let avatar = try await Self.replaceFile(
                nil, with: avatarID, tag: "avatars", uploaderID: creatorID, usage: FileUsage(type: "webhook", id: id),
                on: connection)
            try await connection.raw(
                """
                INSERT INTO webhooks (id, channel_id, creator_id, name, avatar, permissions, token, created_at)
                VALUES (\(bind: id), \(bind: channelID), \(bind: creatorID), \(bind: name), \(bind: Self.json(avatar)),
                    \(bind: permissions), \(bind: token), \(bind: Self.nowMilliseconds))
                """
            ).run()
            return WebhookObject(
                id: id, name: name, avatar: avatar, creatorID: creatorID, channelID: channelID,
                permissions: permissions, token: token)
        }
    }

    func webhook(id: String) async throws -> WebhookObject? {
        try await read { connection in
            try await connection.raw("SELECT * FROM webhooks WHERE id = \(bind: id)").first().map(
                WebhookObject.init(row:))
        }
    }

    func webhooks(channelID: String) async throws -> [WebhookObject] {
        try await read { connection in
            try await connection.raw("SELECT * FROM webhooks WHERE channel_id = \(bind: channelID) ORDER BY id").all()
                .map(WebhookObject.init(row:))
        }
    }

    /// What `PATCH /webhooks/{id}` may change.
    struct WebhookChanges: Sendable {
        var name: String?
        /// A new avatar file id (claimed here, uploaded by `uploaderID`), or `.some(nil)` to remove it.
        var avatar: String??
        var permissions: Int64?
        var uploaderID: String
    }

    func updateWebhook(id: String, _ changes: WebhookChanges) async throws -> WebhookObject? {
        try await write { connection in
            guard
                var webhook = try await connection.raw("SELECT * FROM webhooks WHERE id = \(bind: id)").first().map(
                    WebhookObject.init(row:))
            else { return nil }
            if let name = changes.name { webhook.name = name }
            if let permissions = changes.permissions { webhook.permissions = permissions }
            if let avatar = changes.avatar {
                webhook.avatar = try await Self.replaceFile(
                    webhook.avatar, with: avatar, tag: "avatars", uploaderID: changes.uploaderID,
                    usage: FileUsage(type: "webhook", id: id), on: connection)
            }
            try await connection.raw(
                """
                UPDATE webhooks SET name = \(bind: webhook.name), avatar = \(bind: Self.json(webhook.avatar)),
                    permissions = \(bind: webhook.permissions)
                WHERE id = \(bind: id)
                """
            ).run()
            return webhook
        }
    }

    /// Deletes the webhook and releases its avatar; its messages stay.
    func deleteWebhook(id: String) async throws -> Bool {
        try await write { connection in
            let deleted = try await connection.raw("DELETE FROM webhooks WHERE id = \(bind: id) RETURNING id").all()
            guard !deleted.isEmpty else { return false }
            try await FileClaims.release(heldBy: FileUsage(type: "webhook", id: id), on: connection)
            return true
        }
    }
}

extension WebhookObject {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            avatar: try row.json("avatar", as: FileObject.self),
            creatorID: try row.decode(column: "creator_id", as: String.self),
            channelID: try row.decode(column: "channel_id", as: String.self),
            permissions: try row.decode(column: "permissions", as: Int64.self),
            token: try row.decode(column: "token", as: String.self))
    }
}
