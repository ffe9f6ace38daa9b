import Foundation
import SQLKit
import Storage

/// An account: how a person signs in. Its id is its user's id; the user record is made at onboarding.
struct AccountRecord: Sendable {
    var id: String
    var email: String
    var passwordHash: String
}

extension ChatStore {
    /// Emails are compared without case and surrounding space.
    static func emailKey(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Stores a new account; false when the email is taken.
    func createAccount(id: String, email: String, passwordHash: String) async throws -> Bool {
        do {
            try await write { connection in
                try await connection.raw(
                    """
                    INSERT INTO accounts (id, email, email_key, password_hash, created_at)
                    VALUES (\(bind: id), \(bind: email), \(bind: Self.emailKey(email)), \(bind: passwordHash),
                        \(bind: Self.nowMilliseconds))
                    """
                ).run()
            }
            return true
        } catch  where isUniqueViolation(error) {
            return false
        }
    }

    func account(email: String) async throws -> AccountRecord? {
        try await read { connection in
            try await connection.raw("SELECT * FROM accounts WHERE email_key = \(bind: Self.emailKey(email))")
                .first().map(AccountRecord.init(row:))
        }
    }

    func account(id: String) async throws -> AccountRecord? {
        try await read { connection in
            try await connection.raw("SELECT * FROM accounts WHERE id = \(bind: id)").first().map(
                AccountRecord.init(row:))
        }
    }

    func setPassword(accountID: String, passwordHash: String) async throws {
        try await write { connection in
            try await connection.raw(
                "UPDATE accounts SET password_hash = \(bind: passwordHash) WHERE id = \(bind: accountID)"
            ).run()
        }
    }
}

extension AccountRecord {
    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        passwordHash = try row.decode(column: "password_hash", as: String.self)
    }
}
