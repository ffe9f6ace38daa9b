import Foundation
import HTTPSupport
import SQLKit
import Storage

/// A message about to be stored, checked and parsed by the route.
struct NewMessage: Sendable {
    var id: String
    var channelID: String
    var authorID: String
    var nonce: String?
    var content: String?
    var attachmentIDs: [String]
    var replies: [String]
    var mentions: [String]
    /// The sender's embeds, stored as `Text` embeds; a `media` upload is claimed with the attachments.
    var embeds: [SendableEmbed]
    var masquerade: MessageObject.Masquerade?
    var flags: Int64
    /// Whose uploads the attachments must be, when not the author's (a webhook's creator).
    var uploaderID: String? = nil
    /// `{name, avatar}` of the webhook that sent it.
    var webhook: JSONValue? = nil
}

/// Which part of a channel's history to read, newest first unless `oldestFirst`.
struct HistoryQuery: Sendable {
    var limit: Int
    var before: String?
    var after: String?
    var nearby: String?
    var oldestFirst: Bool
}

extension ChatStore {
    enum SendOutcome: Sendable {
        case sent(MessageObject)
        /// The author used this nonce (`Idempotency-Key`) before: nothing was stored.
        case duplicateNonce
    }

    /// Stores a message in one transaction: its attachments claimed (all or none), the channel's last message
    /// moved, the mentioned users' unread mentions and the author's read marker updated. A nonce the author used
    /// before is refused by the `messages_nonce` index, which also settles two concurrent sends with one key.
    func insertMessage(_ new: NewMessage) async throws -> SendOutcome {
        do {
            return try await write { connection in
                let usage = FileUsage(type: "message", id: new.id)
                let uploader = new.uploaderID ?? new.authorID
                let files = try await FileClaims.claim(
                    new.attachmentIDs, tag: "attachments", uploaderID: uploader, usage: usage, on: connection)
                var embeds: [JSONValue] = []
                for embed in new.embeds {
                    var media: FileObject?
                    if let id = embed.media {
                        media = FileObject(
                            try await FileClaims.claim(
                                [id], tag: "attachments", uploaderID: uploader, usage: usage, on: connection)[0])
                    }
                    embeds.append(embed.textEmbed(media: media))
                }
                let message = MessageObject(
                    id: new.id, nonce: new.nonce, channel: new.channelID, author: new.authorID,
                    webhook: new.webhook, content: new.content,
                    attachments: files.isEmpty ? nil : files.map(FileObject.init),
                    embeds: embeds.isEmpty ? nil : embeds, mentions: new.mentions.isEmpty ? nil : new.mentions,
                    replies: new.replies.isEmpty ? nil : new.replies, masquerade: new.masquerade,
                    flags: new.flags == 0 ? nil : new.flags)
                try await connection.raw(
                    """
                    INSERT INTO messages (id, channel_id, author_id, nonce, body)
                    VALUES (\(bind: message.id), \(bind: message.channel), \(bind: message.author),
                        \(bind: message.nonce), \(bind: Self.json(message)))
                    """
                ).run()
                try await connection.raw(
                    """
                    UPDATE channels SET last_message_id = \(bind: message.id),
                        active = CASE WHEN channel_type = 'DirectMessage' THEN TRUE ELSE active END
                    WHERE id = \(bind: message.channel)
                    """
                ).run()
                for user in Set(new.mentions) where user != new.authorID {
                    try await Self.addMention(channelID: new.channelID, userID: user, messageID: new.id, on: connection)
                }
                // The newest message of the channel: the author has read everything, mentions included (a
                // webhook reads nothing).
                guard new.webhook == nil else { return .sent(message) }
                try await connection.raw(
                    """
                    INSERT INTO channel_unreads (channel_id, user_id, last_id, mentions)
                    VALUES (\(bind: new.channelID), \(bind: new.authorID), \(bind: new.id), '[]')
                    ON CONFLICT (channel_id, user_id) DO UPDATE SET last_id = excluded.last_id, mentions = '[]'
                    """
                ).run()
                return .sent(message)
            }
        } catch  where isUniqueViolation(error) {
            return .duplicateNonce
        }
    }

    func message(id: String) async throws -> MessageObject? {
        try await read { connection in try await Self.message(id: id, on: connection) }
    }

    static func message(id: String, on connection: any SQLDatabase) async throws -> MessageObject? {
        try await connection.raw("SELECT body FROM messages WHERE id = \(bind: id)").first().map(
            MessageObject.init(row:))
    }

    /// One page of a channel's history, read by the `(channel_id, id)` index.
    func history(channelID: String, _ query: HistoryQuery) async throws -> [MessageObject] {
        try await historyBodies(channelID: channelID, query).map {
            try JSONCoding.decoder.decode(MessageObject.self, from: Data($0.utf8))
        }
    }

    /// The same page as the stored JSON of each message, which is what clients receive: served without decoding.
    func historyBodies(channelID: String, _ query: HistoryQuery) async throws -> [String] {
        try await read { connection in
            if let nearby = query.nearby {
                let half = max(1, query.limit / 2)
                let older = try await connection.raw(
                    """
                    SELECT id, body FROM messages WHERE channel_id = \(bind: channelID) AND id < \(bind: nearby)
                    ORDER BY id DESC LIMIT \(bind: half)
                    """
                ).all().map(Self.idAndBody)
                let newer = try await connection.raw(
                    """
                    SELECT id, body FROM messages WHERE channel_id = \(bind: channelID) AND id >= \(bind: nearby)
                    ORDER BY id ASC LIMIT \(bind: query.limit - older.count)
                    """
                ).all().map(Self.idAndBody)
                return (older + newer).sorted { query.oldestFirst ? $0.id < $1.id : $0.id > $1.id }.map(\.body)
            }
            var conditions: [SQLQueryString] = ["channel_id = \(bind: channelID)"]
            if let before = query.before { conditions.append("id < \(bind: before)") }
            if let after = query.after { conditions.append("id > \(bind: after)") }
            let order: SQLQueryString = query.oldestFirst ? "ASC" : "DESC"
            return try await connection.raw(
                """
                SELECT body FROM messages WHERE \(SQLList(conditions, separator: SQLRaw(" AND ")))
                ORDER BY id \(order) LIMIT \(bind: query.limit)
                """
            ).all().map { try $0.decode(column: "body", as: String.self) }
        }
    }

    static func idAndBody(_ row: any SQLRow) throws -> (id: String, body: String) {
        (try row.decode(column: "id", as: String.self), try row.decode(column: "body", as: String.self))
    }

    /// Writes a changed message back (edits, embeds, reactions, pins) inside the caller's transaction.
    static func save(_ message: MessageObject, on connection: any SQLDatabase) async throws {
        try await connection.raw(
            """
            UPDATE messages SET body = \(bind: json(message)), pinned = \(bind: message.pinned ?? false)
            WHERE id = \(bind: message.id)
            """
        ).run()
    }

    /// Replaces content (and the author's embeds) and stamps `edited`.
    func editMessage(id: String, content: String??, embeds: [JSONValue]?, at time: Date) async throws -> MessageObject?
    {
        try await write { connection in
            guard var message = try await Self.message(id: id, on: connection) else { return nil }
            if let content { message.content = content }
            if let embeds { message.embeds = embeds.isEmpty ? nil : embeds }
            message.edited = Date(millisecondsSince1970: time.millisecondsSince1970)
            try await Self.save(message, on: connection)
            return message
        }
    }

    /// Appends embeds made after the send (link previews); nil when the message is gone.
    func appendEmbeds(messageID: String, _ embeds: [JSONValue]) async throws -> MessageObject? {
        try await write { connection in
            guard var message = try await Self.message(id: messageID, on: connection) else { return nil }
            message.embeds = (message.embeds ?? []) + embeds
            try await Self.save(message, on: connection)
            return message
        }
    }

    /// Deletes messages of one channel and releases their attachments; returns the ids that existed.
    func deleteMessages(channelID: String, ids: [String]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try await write { connection in
            let deleted = try await connection.raw(
                "DELETE FROM messages WHERE channel_id = \(bind: channelID) AND id IN (\(binds: ids)) RETURNING id"
            ).all().map { try $0.decode(column: "id", as: String.self) }
            for id in deleted {
                try await FileClaims.release(heldBy: FileUsage(type: "message", id: id), on: connection)
            }
            return deleted
        }
    }

    /// Changes the message's reactions in one read-modify-write; nil when the message is gone.
    func updateReactions(
        messageID: String, _ change: @escaping @Sendable (inout [String: [String]]) -> Void
    ) async throws -> MessageObject? {
        try await write { connection in
            guard var message = try await Self.message(id: messageID, on: connection) else { return nil }
            var reactions = message.reactions ?? [:]
            change(&reactions)
            reactions = reactions.filter { !$0.value.isEmpty }
            message.reactions = reactions.isEmpty ? nil : reactions
            try await Self.save(message, on: connection)
            return message
        }
    }

    func setPinned(messageID: String, _ pinned: Bool) async throws -> Bool {
        try await write { connection in
            guard var message = try await Self.message(id: messageID, on: connection) else { return false }
            message.pinned = pinned ? true : nil
            try await Self.save(message, on: connection)
            return true
        }
    }
}

extension MessageObject {
    /// A message from its row: the stored body is the object itself.
    init(row: any SQLRow) throws {
        self = try JSONCoding.decoder.decode(
            MessageObject.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}
