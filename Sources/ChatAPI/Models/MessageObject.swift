import Foundation

/// Revolt's Message. Sent messages and `Message` events carry the author's `user` (and `member` in servers)
/// inline; stored rows do not.
public struct MessageObject: Codable, Sendable, Equatable {
    public var id: String
    public var nonce: String?
    public var channel: String
    public var author: String
    public var user: UserObject?
    public var member: MemberObject?
    public var webhook: JSONValue?
    public var content: String?
    public var system: JSONValue?
    public var attachments: [FileObject]?
    public var edited: Date?
    public var embeds: [JSONValue]?
    public var mentions: [String]?
    public var replies: [String]?
    public var reactions: [String: [String]]?
    public var interactions: JSONValue?
    public var masquerade: Masquerade?
    public var pinned: Bool?
    public var flags: Int64?

    /// A name, avatar and colour shown instead of the author's (bots bridging other platforms).
    public struct Masquerade: Codable, Sendable, Equatable {
        public var name: String?
        public var avatar: String?
        public var colour: String?
    }

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case nonce, channel, author, user, member, webhook, content, system, attachments, edited, embeds, mentions
        case replies, reactions, interactions, masquerade, pinned, flags
    }
}

/// Read state of one channel for one user (`GET /sync/unreads`).
public struct ChannelUnreadObject: Codable, Sendable, Equatable {
    public var id: ID
    public var lastID: String?
    public var mentions: [String]

    public struct ID: Codable, Sendable, Equatable {
        public var channel: String
        public var user: String
    }

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case lastID = "last_id"
        case mentions
    }
}
