import Foundation
import Storage

/// Session and bot tokens: made, checked and revoked here. A token is 32 random bytes, shown once when made; only
/// its SHA-256 is stored (in the metadata database), so a leaked database holds no usable token.
public struct Sessions: Sendable {
    let metadata: MetadataStore

    public init(metadata: MetadataStore) {
        self.metadata = metadata
    }

    /// A new token for `userID`; `token` is the only copy.
    public func create(
        userID: String, kind: SessionRecord.Kind, name: String, expiresAt: Date? = nil
    ) async throws -> (session: SessionRecord, token: String) {
        try await metadata.createSession(userID: userID, kind: kind, name: name, expiresAt: expiresAt)
    }

    /// The caller a token proves, or nil when it is unknown, revoked, expired, or of the other kind (a bot token
    /// sent as a session token proves nothing).
    public func verify(token: String, kind: SessionRecord.Kind, now: Date = .now) async throws -> Caller? {
        guard !token.isEmpty, token.utf8.count <= Self.maximumTokenLength else { return nil }
        guard let session = try await metadata.session(token: token, kind: kind, now: now) else { return nil }
        return Caller(userID: session.userID, isBot: kind == .bot, sessionID: session.id)
    }

    /// Revokes the token with this id; false when there is none.
    public func revoke(id: String) async throws -> Bool {
        try await metadata.revokeSession(id: id)
    }

    /// A user's live sessions (or a bot's tokens), oldest first.
    public func list(userID: String, kind: SessionRecord.Kind = .session) async throws -> [SessionRecord] {
        try await metadata.sessions(userID: userID, kind: kind)
    }

    /// Revokes every session of the user but `keeping`; returns how many went.
    @discardableResult
    public func revokeAll(
        userID: String, kind: SessionRecord.Kind = .session, keeping: String? = nil
    ) async throws
        -> Int
    {
        try await metadata.revokeSessions(userID: userID, kind: kind, keeping: keeping)
    }

    /// Longer header values are refused without a database lookup.
    static let maximumTokenLength = 512
}
