import EventBus
import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// Accounts and sessions (`/auth/*`) as Revolt's authifier answers them: sign up with email and password, log in
/// for a session token, list and revoke sessions, change the password.
struct AuthRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct AccountCreation: Decodable {
        var email: String
        var password: String
        var invite: String?
    }

    struct Login: Decodable {
        var email: String
        var password: String
        var friendlyName: String?

        enum CodingKeys: String, CodingKey {
            case email, password
            case friendlyName = "friendly_name"
        }
    }

    struct PasswordChange: Decodable {
        var password: String
        var currentPassword: String

        enum CodingKeys: String, CodingKey {
            case password
            case currentPassword = "current_password"
        }
    }

    struct SessionAnswer: Encodable, Sendable {
        var result: String?
        var id: String
        var userID: String
        var token: String?
        var name: String

        enum CodingKeys: String, CodingKey {
            case result
            case id = "_id"
            case userID = "user_id"
            case token, name
        }
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("auth/account/create") { request, _ in try await createAccount(request) }
        group.get("auth/account/") { _, context in try await account(context) }
        group.patch("auth/account/change/password") { request, context in try await changePassword(request, context) }
        group.post("auth/session/login") { request, _ in try await login(request) }
        group.post("auth/session/logout") { _, context in
            let caller = try context.requireCaller()
            _ = try await chat.sessions.revoke(id: caller.sessionID)
            await loggedOut([caller.sessionID])
            return HTTPResponse.Status.noContent
        }
        group.get("auth/session/all") { _, context in
            let caller = try context.requireCaller()
            let sessions = try await chat.sessions.list(userID: caller.userID)
            return JSONBody(sessions.map { SessionAnswer(id: $0.id, userID: $0.userID, name: $0.name) })
        }
        group.delete("auth/session/all") { request, context in
            let caller = try context.requireCaller()
            let revokeSelf = request.uri.queryParameters.get("revoke_self") == "true"
            try await revokeAll(caller, keepingOwn: !revokeSelf)
            return HTTPResponse.Status.noContent
        }
        group.delete("auth/session/:session") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("session")
            guard try await chat.sessions.list(userID: caller.userID).contains(where: { $0.id == id }) else {
                throw APIError.notFound
            }
            _ = try await chat.sessions.revoke(id: id)
            await loggedOut([id])
            return HTTPResponse.Status.noContent
        }
    }

    /// Tells the sockets of revoked sessions (`Logout`, then the gateway closes them).
    func loggedOut(_ sessionIDs: [String]) async {
        for id in sessionIDs {
            await chat.publish("Logout", [String: String](), to: [EventTopic(name: "session:" + id)])
        }
    }

    func revokeAll(_ caller: Caller, keepingOwn: Bool) async throws {
        let revoked = try await chat.sessions.list(userID: caller.userID).map(\.id)
            .filter { !keepingOwn || $0 != caller.sessionID }
        try await chat.sessions.revokeAll(userID: caller.userID, keeping: keepingOwn ? caller.sessionID : nil)
        await loggedOut(revoked)
    }

    func createAccount(_ request: Request) async throws -> HTTPResponse.Status {
        let body = try await request.decodeJSON(as: AccountCreation.self, limit: chat.settings.maxBodyBytes)
        switch chat.settings.registration {
        case .open: break
        case .closed: throw APIError.registrationClosed
        case .inviteOnly:
            guard let code = body.invite, try await chat.store.invite(code: code) != nil else {
                throw APIError(.forbidden, "InvalidInvite")
            }
        }
        try AuthRules.validate(email: body.email)
        try AuthRules.validate(password: body.password)
        let hash = try await chat.passwords.hash(body.password)
        guard try await chat.store.createAccount(id: ULID.make(), email: body.email, passwordHash: hash) else {
            throw APIError.emailInUse
        }
        return .noContent
    }

    func login(_ request: Request) async throws -> JSONBody<SessionAnswer> {
        let body = try await request.decodeJSON(as: Login.self, limit: chat.settings.maxBodyBytes)
        guard body.password.utf8.count <= AuthRules.maximumPasswordBytes,
            let account = try await chat.store.account(email: body.email),
            await chat.passwords.verify(body.password, encoded: account.passwordHash)
        else { throw APIError.invalidCredentials }
        let name = String((body.friendlyName ?? "Unknown").prefix(72))
        let (session, token) = try await chat.sessions.create(userID: account.id, kind: .session, name: name)
        return JSONBody(SessionAnswer(result: "Success", id: session.id, userID: account.id, token: token, name: name))
    }

    func account(_ context: Context) async throws -> JSONBody<[String: String]> {
        let caller = try context.requireCaller()
        guard !caller.isBot, let account = try await chat.store.account(id: caller.userID) else { throw APIError.isBot }
        return JSONBody(["_id": account.id, "email": account.email])
    }

    func changePassword(_ request: Request, _ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: PasswordChange.self, limit: chat.settings.maxBodyBytes)
        guard let account = try await chat.store.account(id: caller.userID) else { throw APIError.isBot }
        guard await chat.passwords.verify(body.currentPassword, encoded: account.passwordHash) else {
            throw APIError.invalidCredentials
        }
        try AuthRules.validate(password: body.password)
        try await chat.store.setPassword(
            accountID: account.id, passwordHash: try await chat.passwords.hash(body.password))
        // Every other session ends: whoever knew the old password is signed out.
        try await revokeAll(caller, keepingOwn: true)
        return .noContent
    }
}
