import HTTPSupport
import HTTPTypes

/// The chat API's errors, with Revolt's names and statuses.
extension APIError {
    static func failedValidation(_ error: String) -> APIError {
        APIError(.badRequest, "FailedValidation", ["error": .string(error)])
    }
    static let invalidOperation = APIError(.badRequest, "InvalidOperation")
    static let invalidProperty = APIError(.badRequest, "InvalidProperty")
    static let isBot = APIError(.badRequest, "IsBot")
    static let isNotBot = APIError(.badRequest, "IsNotBot")
    static let unknownAttachment = APIError(.badRequest, "UnknownAttachment")
    static func tooManyAttachments(_ max: Int) -> APIError {
        APIError(.badRequest, "TooManyAttachments", ["max": .int(max)])
    }
    static func tooManyReplies(_ max: Int) -> APIError { APIError(.badRequest, "TooManyReplies", ["max": .int(max)]) }
    static func tooManyEmbeds(_ max: Int) -> APIError { APIError(.badRequest, "TooManyEmbeds", ["max": .int(max)]) }
    static let invalidCredentials = APIError(.unauthorized, "InvalidCredentials")
    static let invalidToken = APIError(.unauthorized, "InvalidToken")
    static func missingPermission(_ permission: Permissions) -> APIError {
        APIError(.forbidden, "MissingPermission", ["permission": .string(permission.name)])
    }
    static let notOwner = APIError(.forbidden, "NotOwner")
    static let cannotEditMessage = APIError(.forbidden, "CannotEditMessage")
    static let banned = APIError(.forbidden, "Banned")
    static let registrationClosed = APIError(.forbidden, "RegistrationDisabled")
    static let notElevated = APIError(.forbidden, "NotElevated")
    static let unknownChannel = APIError(.notFound, "UnknownChannel")
    static let unknownMessage = APIError(.notFound, "UnknownMessage")
    static let unknownUser = APIError(.notFound, "UnknownUser")
    static let unknownServer = APIError(.notFound, "UnknownServer")
    static let duplicateNonce = APIError(.conflict, "DuplicateNonce")
    static let alreadyInServer = APIError(.conflict, "AlreadyInServer")
    static let alreadyOnboarded = APIError(.forbidden, "AlreadyOnboarded")
    static let usernameTaken = APIError(.conflict, "UsernameTaken")
    static let emailInUse = APIError(.conflict, "EmailInUse")
    static let emptyMessage = APIError(.unprocessableContent, "EmptyMessage")
    static let payloadTooLarge = APIError(.unprocessableContent, "PayloadTooLarge")
    static let notInGroup = APIError(.notFound, "NotInGroup")
}
