import Foundation
import HTTPSupport

/// What an email, a password and a username must look like, for sign-ups through the API and the command line.
enum AuthRules {
    static let maximumPasswordBytes = 1024

    static func validate(email: String) throws {
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !trimmed.contains(where: \.isWhitespace)
        else { throw APIError(.badRequest, "IncorrectData", ["with": .string("email")]) }
    }

    /// At least 8 characters; at most 1 KiB, so a hash never works on megabytes.
    static func validate(password: String) throws {
        guard password.count >= 8, password.utf8.count <= maximumPasswordBytes else {
            throw APIError(.badRequest, "ShortPassword")
        }
    }

    /// Revolt's rule: 2 to 32 letters, digits, `_`, `.` or `-`.
    static func validate(username: String) throws {
        let allowed = username.allSatisfy { $0.isLetter || $0.isNumber || "_.-".contains($0) }
        guard (2...32).contains(username.count), allowed else {
            throw APIError.failedValidation("username must be 2 to 32 letters, digits, _ . or -")
        }
    }
}
