import Foundation
import SQLKit

/// A session or bot token that may call the API. Only the SHA-256 of the token is stored.
public struct SessionRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// A user's session (`X-Session-Token`).
        case session
        /// A bot's token (`X-Bot-Token`).
        case bot
    }

    public var id: String
    public var userID: String
    public var kind: Kind
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        userID = try row.decode(column: "user_id", as: String.self)
        kind = Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .session
        name = try row.decode(column: "name", as: String.self)
        createdAt = Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        expiresAt = try row.decode(column: "expires_at", as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }
}
