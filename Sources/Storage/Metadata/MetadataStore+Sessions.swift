import Crypto
import Foundation
import SQLKit

extension MetadataStore {
    /// Creates a session or bot token for a user. The token is returned once and only its SHA-256 is stored.
    public func createSession(
        userID: String,
        kind: SessionRecord.Kind,
        name: String,
        expiresAt: Date? = nil
    ) async throws -> (session: SessionRecord, token: String) {
        let token = Self.randomToken(bytes: 32)
        let id = Self.sessionID()
        let now = Date.now.millisecondsSince1970
        let session = try await database.withConnection { connection in
            try await connection.raw(
                """
                INSERT INTO sessions (id, user_id, kind, name, token_hash, created_at, expires_at)
                VALUES (\(bind: id), \(bind: userID), \(bind: kind.rawValue), \(bind: name),
                    \(bind: Self.tokenHash(token)), \(bind: now), \(bind: expiresAt?.millisecondsSince1970))
                RETURNING *
                """
            ).first().map(SessionRecord.init(row:))
        }
        guard let session else { throw StorageError.unreachable("the database returned no session row") }
        return (session, token)
    }

    /// The unexpired session a token belongs to, or nil.
    public func session(token: String, kind: SessionRecord.Kind, now: Date = .now) async throws -> SessionRecord? {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT * FROM sessions WHERE token_hash = \(bind: Self.tokenHash(token)) AND kind = \(bind: kind.rawValue)
                    AND (expires_at IS NULL OR expires_at > \(bind: now.millisecondsSince1970))
                """
            ).first().map(SessionRecord.init(row:))
        }
    }

    public func revokeSession(id: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.raw("DELETE FROM sessions WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    /// A user's unexpired sessions (or bot tokens), oldest first.
    public func sessions(userID: String, kind: SessionRecord.Kind, now: Date = .now) async throws -> [SessionRecord] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT * FROM sessions WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue)
                    AND (expires_at IS NULL OR expires_at > \(bind: now.millisecondsSince1970))
                ORDER BY created_at, id
                """
            ).all().map(SessionRecord.init(row:))
        }
    }

    /// Revokes every session (or bot token) of a user but `keeping` (the caller's own, when it logs the others
    /// out); returns how many went.
    @discardableResult
    public func revokeSessions(userID: String, kind: SessionRecord.Kind, keeping: String? = nil) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                DELETE FROM sessions WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue)
                    AND id <> \(bind: keeping ?? "") RETURNING id
                """
            ).all().count
        }
    }

    static func tokenHash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }

    /// A session id: 12 random bytes as URL-safe base64, never starting with `-`, so that `token revoke ID` is not
    /// read as an option (one id in 64 did).
    static func sessionID() -> String {
        while true {
            let id = randomToken(bytes: 12)
            if !id.hasPrefix("-") { return id }
        }
    }

    /// URL-safe base64 of `bytes` random bytes from the system's secure generator (session and webhook tokens).
    public static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
