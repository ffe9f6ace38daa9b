import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// Onboarding (`/onboard/*`) and users (`/users/*`): the caller's own record, other users as the caller sees them,
/// profiles, and direct messages.
struct UserRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Onboard: Decodable {
        var username: String
    }

    struct UserEdit: Decodable {
        var displayName: String?
        var avatar: String?
        var status: UserObject.Status?
        var profile: ProfileEdit?
        var remove: [String]?

        struct ProfileEdit: Decodable {
            var content: String?
            var background: String?
        }

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name"
            case avatar, status, profile, remove
        }
    }

    struct UsernameChange: Decodable {
        var username: String
        var password: String
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("onboard/hello") { _, context in
            let caller = try context.requireCaller()
            return JSONBody(["onboarding": try await chat.store.user(id: caller.userID) == nil])
        }
        group.post("onboard/complete") { request, context in try await onboard(request, context) }
        group.get("users/@me") { _, context in
            let caller = try context.requireCaller()
            return JSONBody(try await self.me(caller))
        }
        group.patch("users/@me") { request, context in try await edit(request, context) }
        group.patch("users/@me/username") { request, context in try await changeUsername(request, context) }
        group.get("users/dms") { _, context in
            let caller = try context.requireCaller()
            return JSONBody(try await chat.store.privateChannels(userID: caller.userID))
        }
        group.get("users/:user") { _, context in
            let caller = try context.requireCaller()
            return JSONBody(try await user(try context.parameters.require("user"), seenBy: caller))
        }
        group.get("users/:user/profile") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("user")
            _ = try await user(id, seenBy: caller)
            return JSONBody(try await chat.store.profile(id: id) ?? UserProfile())
        }
        group.get("users/:user/dm") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("user")
            if id == caller.userID || id == "@me" {
                return JSONBody(try await chat.store.savedMessages(userID: caller.userID))
            }
            _ = try await user(id, seenBy: caller)
            return JSONBody(try await chat.store.directMessage(between: caller.userID, and: id))
        }
    }

    /// The caller's own user; 403 `NotOnboarded`-like `UnknownUser` before onboarding.
    func me(_ caller: Caller) async throws -> UserObject {
        guard var user = try await chat.store.user(id: caller.userID) else { throw APIError.unknownUser }
        user.online = true
        return user
    }

    func user(_ id: String, seenBy caller: Caller) async throws -> UserObject {
        guard ULID.isValid(id) || id == "@me",
            let user = try await chat.store.user(id: id == "@me" ? caller.userID : id)
        else { throw APIError.unknownUser }
        return await chat.withPresence(user).seen(by: caller.userID)
    }

    func onboard(_ request: Request, _ context: Context) async throws -> JSONBody<UserObject> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: Onboard.self, limit: chat.settings.maxBodyBytes)
        try AuthRules.validate(username: body.username)
        guard try await chat.store.user(id: caller.userID) == nil else { throw APIError.alreadyOnboarded }
        guard let user = try await chat.store.createUser(id: caller.userID, username: body.username) else {
            throw APIError.usernameTaken
        }
        return JSONBody(user)
    }

    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<UserObject> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: UserEdit.self, limit: chat.settings.maxBodyBytes)
        let remove = Set(body.remove ?? [])
        var changes = ChatStore.UserChanges()
        if let name = body.displayName, !(2...32).contains(name.count) {
            throw APIError.failedValidation("display_name must be 2 to 32 characters")
        }
        changes.displayName = remove.change(body.displayName, clearedBy: "DisplayName")
        if let status = body.status {
            if let text = status.text, text.count > 128 { throw APIError.failedValidation("status.text is too long") }
            if let presence = status.presence, !Self.presences.contains(presence) {
                throw APIError.failedValidation("status.presence is not a presence")
            }
            changes.status = .some(status)
        } else if remove.contains("StatusText") || remove.contains("StatusPresence") {
            let current = try await me(caller).status
            var status = current ?? UserObject.Status()
            if remove.contains("StatusText") { status.text = nil }
            if remove.contains("StatusPresence") { status.presence = nil }
            changes.status = .some(status.text == nil && status.presence == nil ? nil : status)
        }
        changes.avatar = remove.change(body.avatar, clearedBy: "Avatar")
        if let content = body.profile?.content, content.count > 2000 {
            throw APIError.failedValidation("profile.content is too long")
        }
        changes.profileContent = remove.change(body.profile?.content, clearedBy: "ProfileContent")
        changes.background = remove.change(body.profile?.background, clearedBy: "ProfileBackground")
        let user: UserObject?
        do {
            user = try await chat.store.updateUser(id: caller.userID, changes)
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard let stored = user else { throw APIError.unknownUser }
        let updated = await chat.withPresence(stored)
        await chat.publish(
            "UserUpdate", UpdatePayload(id: updated.id, data: updated.seen(by: ""), clear: Array(remove).sorted()),
            to: [.user(updated.id)])
        return JSONBody(updated)
    }

    func changeUsername(_ request: Request, _ context: Context) async throws -> JSONBody<UserObject> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: UsernameChange.self, limit: chat.settings.maxBodyBytes)
        try AuthRules.validate(username: body.username)
        guard let account = try await chat.store.account(id: caller.userID),
            await chat.passwords.verify(body.password, encoded: account.passwordHash)
        else { throw APIError.invalidCredentials }
        let current = try await me(caller)
        guard
            try await !chat.store.usernameTaken(
                body.username, discriminator: current.discriminator, except: caller.userID)
        else { throw APIError.usernameTaken }
        var changes = ChatStore.UserChanges()
        changes.username = body.username
        guard var user = try await chat.store.updateUser(id: caller.userID, changes) else { throw APIError.unknownUser }
        user.online = true
        await chat.publish(
            "UserUpdate", UpdatePayload(id: user.id, data: ["username": user.username], clear: []), to: [.user(user.id)]
        )
        return JSONBody(user)
    }

    static var presences: Set<String> { ["Online", "Idle", "Focus", "Busy", "Invisible"] }
}
