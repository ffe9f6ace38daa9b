import Foundation
import SQLKit

extension ChatStore {
    /// Marks the channel read up to `messageID` for the user; mentions up to it are cleared.
    func ack(channelID: String, userID: String, messageID: String) async throws {
        try await write { connection in
            try await Self.saveReadMarker(channelID: channelID, userID: userID, messageID: messageID, on: connection)
        }
    }

    /// The user's read state in every channel it has one in.
    func unreads(userID: String) async throws -> [ChannelUnreadObject] {
        try await read { connection in
            try await connection.raw("SELECT * FROM channel_unreads WHERE user_id = \(bind: userID)").all().map {
                ChannelUnreadObject(
                    id: .init(channel: try $0.decode(column: "channel_id", as: String.self), user: userID),
                    lastID: try $0.decode(column: "last_id", as: String?.self),
                    mentions: try $0.json("mentions", as: [String].self) ?? [])
            }
        }
    }

    static func saveReadMarker(
        channelID: String, userID: String, messageID: String, on connection: any SQLDatabase
    ) async throws {
        let current = try await connection.raw(
            "SELECT * FROM channel_unreads WHERE channel_id = \(bind: channelID) AND user_id = \(bind: userID)"
        ).first()
        let mentions = try current?.json("mentions", as: [String].self) ?? []
        let lastID = try current?.decode(column: "last_id", as: String?.self)
        let newLast = max(lastID ?? "", messageID)
        try await connection.raw(
            """
            INSERT INTO channel_unreads (channel_id, user_id, last_id, mentions)
            VALUES (\(bind: channelID), \(bind: userID), \(bind: newLast), \(bind: json(mentions.filter { $0 > newLast })))
            ON CONFLICT (channel_id, user_id) DO UPDATE SET last_id = excluded.last_id, mentions = excluded.mentions
            """
        ).run()
    }

    static func addMention(
        channelID: String, userID: String, messageID: String, on connection: any SQLDatabase
    )
        async throws
    {
        let current = try await connection.raw(
            "SELECT * FROM channel_unreads WHERE channel_id = \(bind: channelID) AND user_id = \(bind: userID)"
        ).first()
        let mentions = (try current?.json("mentions", as: [String].self) ?? []) + [messageID]
        let lastID = try current?.decode(column: "last_id", as: String?.self)
        try await connection.raw(
            """
            INSERT INTO channel_unreads (channel_id, user_id, last_id, mentions)
            VALUES (\(bind: channelID), \(bind: userID), \(bind: lastID), \(bind: json(mentions)))
            ON CONFLICT (channel_id, user_id) DO UPDATE SET mentions = excluded.mentions
            """
        ).run()
    }
}
