import EventBus
import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// Channels (`/channels/*`) other than their messages: fetch, edit, delete (or leave a group), groups and their
/// recipients, channel permission overrides, and invites.
struct ChannelRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Edit: Decodable {
        var name: String?
        var description: String?
        var icon: String?
        var nsfw: Bool?
        var remove: [String]?
    }

    struct GroupCreation: Decodable {
        var name: String
        var description: String?
        var users: [String]?
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("channels/:channel") { _, context in
            let caller = try context.requireCaller()
            return JSONBody(
                try await chat.channelAccess(try context.parameters.require("channel"), caller: caller).channel)
        }
        group.patch("channels/:channel") { request, context in try await edit(request, context) }
        group.delete("channels/:channel") { _, context in try await delete(context) }
        group.post("channels/create") { request, context in try await createGroup(request, context) }
        group.put("channels/:channel/recipients/:user") { _, context in try await recipient(context, add: true) }
        group.delete("channels/:channel/recipients/:user") { _, context in try await recipient(context, add: false) }
        group.put("channels/:channel/permissions/:role") { request, context in
            try await setPermissions(request, context)
        }
        group.post("channels/:channel/invites") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
            guard let server = access.server else { throw APIError.invalidOperation }
            try access.require(.inviteOthers)
            return JSONBody(
                try await chat.store.createInvite(
                    serverID: server.id, channelID: access.channel.id, creatorID: caller.userID))
        }
    }

    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<ChannelObject> {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        guard [.group, .textChannel].contains(access.channel.channelType) else { throw APIError.invalidOperation }
        try access.require(.manageChannel)
        if let name = body.name { try Self.validate(name: name, description: body.description) }
        if let description = body.description { try Self.validate(name: "name", description: description) }
        let remove = Set(body.remove ?? [])
        var changes = ChatStore.ChannelChanges(name: body.name, nsfw: body.nsfw)
        changes.description = remove.change(body.description, clearedBy: "Description")
        changes.icon = remove.change(body.icon, clearedBy: "Icon")
        let channel: ChannelObject?
        do {
            channel = try await chat.store.updateChannel(id: access.channel.id, by: caller.userID, changes)
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard let channel else { throw APIError.unknownChannel }
        await chat.publish(
            "ChannelUpdate", UpdatePayload(id: channel.id, data: channel, clear: Array(remove).sorted()),
            to: Self.topics(of: channel))
        return JSONBody(channel)
    }

    /// Server channels are deleted (ManageChannel); a group's owner deletes it, other recipients leave it.
    func delete(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        switch access.channel.channelType {
        case .savedMessages, .directMessage:
            throw APIError.invalidOperation
        case .group where access.channel.owner != caller.userID:
            _ = try await chat.store.setRecipient(channelID: access.channel.id, userID: caller.userID, present: false)
            await chat.publish(
                "ChannelGroupLeave", ["id": access.channel.id, "user": caller.userID], to: [.channel(access.channel.id)]
            )
            await chat.publish("ChannelDelete", ["id": access.channel.id], to: [.private(caller.userID)])
        case .group, .textChannel:
            try access.require(.manageChannel)
            try await chat.store.deleteChannel(id: access.channel.id)
            await chat.publish("ChannelDelete", ["id": access.channel.id], to: [.channel(access.channel.id)])
        }
        return .noContent
    }

    func createGroup(_ request: Request, _ context: Context) async throws -> JSONBody<ChannelObject> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: GroupCreation.self, limit: chat.settings.maxBodyBytes)
        try Self.validate(name: body.name, description: body.description)
        let users = Array(Set(body.users ?? []).subtracting([caller.userID]))
        guard users.count < Self.maximumGroupSize else {
            throw APIError(.badRequest, "GroupTooLarge", ["max": .int(Self.maximumGroupSize)])
        }
        for user in users {
            guard ULID.isValid(user), try await chat.store.user(id: user) != nil else { throw APIError.unknownUser }
        }
        let channel = try await chat.store.createGroup(
            ownerID: caller.userID, name: body.name, description: body.description, recipients: users)
        for user in channel.recipients ?? [] { await chat.publish("ChannelCreate", channel, to: [.private(user)]) }
        return JSONBody(channel)
    }

    func recipient(_ context: Context, add: Bool) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let userID = try context.parameters.require("user")
        guard access.channel.channelType == .group else { throw APIError.invalidOperation }
        if add {
            try access.require(.inviteOthers)
            guard ULID.isValid(userID), try await chat.store.user(id: userID) != nil else { throw APIError.unknownUser }
            guard try await chat.store.setRecipient(channelID: access.channel.id, userID: userID, present: true) else {
                throw APIError(.conflict, "AlreadyInGroup")
            }
            await chat.publish(
                "ChannelGroupJoin", ["id": access.channel.id, "user": userID], to: [.channel(access.channel.id)])
            if let channel = try await chat.store.channel(id: access.channel.id) {
                await chat.publish("ChannelCreate", channel, to: [.private(userID)])
            }
        } else {
            guard access.channel.owner == caller.userID else { throw APIError.missingPermission(.kickMembers) }
            guard userID != caller.userID,
                try await chat.store.setRecipient(channelID: access.channel.id, userID: userID, present: false)
            else { throw APIError.notInGroup }
            await chat.publish(
                "ChannelGroupLeave", ["id": access.channel.id, "user": userID], to: [.channel(access.channel.id)])
            await chat.publish("ChannelDelete", ["id": access.channel.id], to: [.private(userID)])
        }
        return .noContent
    }

    /// `PUT /channels/{id}/permissions/{role|default}`; answers the channel.
    func setPermissions(_ request: Request, _ context: Context) async throws -> JSONBody<ChannelObject> {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let target = try context.parameters.require("role")
        let body = try await request.decodeJSON(
            as: RoleRoutes<Context>.OverrideBody.self, limit: chat.settings.maxBodyBytes)
        guard [.group, .textChannel].contains(access.channel.channelType) else { throw APIError.invalidOperation }
        try access.require(.managePermissions)
        let override = body.permissions.asOverride
        if target != "default" {
            guard access.channel.channelType == .textChannel, access.server?.roles?[target] != nil else {
                throw APIError.notFound
            }
        }
        guard
            let channel = try await chat.store.setChannelPermissions(
                channelID: access.channel.id, roleID: target == "default" ? nil : target, override)
        else { throw APIError.unknownChannel }
        await chat.publish(
            "ChannelUpdate", UpdatePayload(id: channel.id, data: channel, clear: []), to: Self.topics(of: channel))
        return JSONBody(channel)
    }

    static var maximumGroupSize: Int { 100 }

    /// Where a channel's own change goes: its viewers, and for a server channel every member's socket too (whose
    /// view of the channel the change may open or close).
    static func topics(of channel: ChannelObject) -> [EventTopic] {
        [.channel(channel.id)] + (channel.server.map { [.server($0)] } ?? [])
    }

    static func validate(name: String, description: String?) throws {
        guard (1...32).contains(name.count) else { throw APIError.failedValidation("name must be 1 to 32 characters") }
        if let description, description.count > 1024 {
            throw APIError.failedValidation("description must be at most 1024 characters")
        }
    }
}
