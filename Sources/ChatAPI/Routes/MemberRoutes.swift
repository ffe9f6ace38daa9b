import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// Members and bans of a server (`/servers/{id}/members`, `/servers/{id}/bans`).
struct MemberRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Edit: Decodable {
        var nickname: String?
        var avatar: String?
        var roles: [String]?
        var timeout: Date?
        var remove: [String]?
    }

    struct Ban: Decodable {
        var reason: String?
    }

    struct MembersAndUsers: Encodable, Sendable {
        var members: [MemberObject]
        var users: [UserObject]
    }

    struct BansAndUsers: Encodable, Sendable {
        var users: [UserObject]
        var bans: [BanObject]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("servers/:server/members") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            let members = try await chat.store.members(serverID: access.server.id)
            let users = await chat.withPresence(try await chat.store.users(ids: members.map(\.id.user)))
                .map { $0.seen(by: caller.userID) }
            return JSONBody(MembersAndUsers(members: members, users: users))
        }
        group.get("servers/:server/members/:member") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            return JSONBody(try await member(access, try context.parameters.require("member")))
        }
        group.patch("servers/:server/members/:member") { request, context in try await edit(request, context) }
        group.delete("servers/:server/members/:member") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            let target = try await member(access, try context.parameters.require("member"))
            try access.require(.kickMembers)
            guard target.id.user != caller.userID, access.outranks(target) else {
                throw APIError.missingPermission(.kickMembers)
            }
            try await ServerMembership(chat: chat).leave(
                serverID: access.server.id, userID: target.id.user, reason: "Kick")
            return HTTPResponse.Status.noContent
        }
        group.put("servers/:server/bans/:user") { request, context in try await ban(request, context) }
        group.delete("servers/:server/bans/:user") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            try access.require(.banMembers)
            guard try await chat.store.unban(serverID: access.server.id, userID: try context.parameters.require("user"))
            else { throw APIError.notFound }
            return HTTPResponse.Status.noContent
        }
        group.get("servers/:server/bans") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            try access.require(.banMembers)
            let bans = try await chat.store.bans(serverID: access.server.id)
            let users = try await chat.store.users(ids: bans.map(\.id.user)).map { $0.seen(by: caller.userID) }
            return JSONBody(BansAndUsers(users: users, bans: bans))
        }
    }

    func member(_ access: ServerAccess, _ userID: String) async throws -> MemberObject {
        guard ULID.isValid(userID), let member = try await chat.store.member(serverID: access.server.id, userID: userID)
        else { throw APIError.unknownUser }
        return member
    }

    /// Nickname and avatar: one's own with ChangeNickname / ChangeAvatar, others' with ManageNicknames /
    /// RemoveAvatars; roles with AssignRoles, only roles below the caller's rank; timeouts with TimeoutMembers.
    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<MemberObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let target = try await member(access, try context.parameters.require("member"))
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        let remove = Set(body.remove ?? [])
        let isSelf = target.id.user == caller.userID
        if !isSelf, !access.outranks(target) { throw APIError.notElevated }
        var changes = ChatStore.MemberChanges()
        if body.nickname != nil || remove.contains("Nickname") {
            try access.require(isSelf ? .changeNickname : .manageNicknames)
            if let nickname = body.nickname, !(1...32).contains(nickname.count) {
                throw APIError.failedValidation("nickname must be 1 to 32 characters")
            }
            changes.nickname = .some(body.nickname)
        }
        if body.avatar != nil || remove.contains("Avatar") {
            if body.avatar != nil, !isSelf { throw APIError.invalidOperation }
            try access.require(isSelf ? .changeAvatar : .removeAvatars)
            changes.avatar = .some(body.avatar)
        }
        if body.roles != nil || remove.contains("Roles") {
            try access.require(.assignRoles)
            let roles = body.roles ?? []
            for role in Set(roles).symmetricDifference(target.roles) {
                guard let known = access.server.roles?[role] else { throw APIError.notFound }
                if !access.isOwner, known.rank <= access.rank { throw APIError.notElevated }
            }
            changes.roles = roles
        }
        if body.timeout != nil || remove.contains("Timeout") {
            try access.require(.timeoutMembers)
            if target.id.user == access.server.owner || isSelf { throw APIError.invalidOperation }
            changes.timeout = .some(body.timeout)
        }
        let member: MemberObject?
        do {
            member = try await chat.store.updateMember(
                serverID: access.server.id, userID: target.id.user, by: caller.userID, changes)
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard let member else { throw APIError.unknownUser }
        await chat.publish(
            "ServerMemberUpdate", UpdatePayload(id: member.id, data: member, clear: Array(remove).sorted()),
            to: [.server(access.server.id)])
        return JSONBody(member)
    }

    func ban(_ request: Request, _ context: Context) async throws -> JSONBody<BanObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let userID = try context.parameters.require("user")
        let body = try await request.decodeJSON(as: Ban.self, limit: chat.settings.maxBodyBytes, emptyAs: Ban())
        try access.require(.banMembers)
        guard ULID.isValid(userID), try await chat.store.user(id: userID) != nil else { throw APIError.unknownUser }
        if userID == caller.userID || userID == access.server.owner { throw APIError.invalidOperation }
        if let target = try await chat.store.member(serverID: access.server.id, userID: userID),
            !access.outranks(target)
        {
            throw APIError.notElevated
        }
        if let reason = body.reason, reason.count > 1024 { throw APIError.failedValidation("reason is too long") }
        let removed = try await ServerMembership(chat: chat).leave(
            serverID: access.server.id, userID: userID, reason: "Ban", banReason: body.reason)
        if !removed {
            try await chat.store.removeMember(
                serverID: access.server.id, userID: userID, ban: true, reason: body.reason)
        }
        return JSONBody(BanObject(id: .init(server: access.server.id, user: userID), reason: body.reason))
    }
}
