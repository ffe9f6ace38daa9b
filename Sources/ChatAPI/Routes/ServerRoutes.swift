import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// Servers (`/servers/*`): create, fetch, edit, delete or leave, and their channels and invites. Members, bans and
/// roles are in `MemberRoutes` and `RoleRoutes`.
struct ServerRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Creation: Decodable {
        var name: String
        var description: String?
        var nsfw: Bool?
    }

    struct Edit: Decodable {
        var name: String?
        var description: String?
        var icon: String?
        var banner: String?
        var nsfw: Bool?
        var remove: [String]?
    }

    struct ChannelCreation: Decodable {
        var type: String?
        var name: String
        var description: String?
        var nsfw: Bool?
    }

    struct Created: Encodable, Sendable {
        var server: ServerObject
        var channels: [ChannelObject]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("servers/create") { request, context in try await create(request, context) }
        group.get("servers/:server") { request, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            guard request.uri.queryParameters.get("include_channels") == "true" else {
                return try JSONBody(access.server).response(from: request, context: context)
            }
            let channels = try await chat.visibleChannels(
                of: access.server, member: access.member, userID: caller.userID)
            // The server with its channel objects in place of their ids.
            return try JSONBody(Merged(base: access.server, key: "channels", extra: channels)).response(
                from: request, context: context)
        }
        group.patch("servers/:server") { request, context in try await edit(request, context) }
        group.delete("servers/:server") { _, context in try await deleteOrLeave(context) }
        group.post("servers/:server/channels") { request, context in try await createChannel(request, context) }
        group.get("servers/:server/invites") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            try access.require(.manageServer)
            return JSONBody(try await chat.store.invites(serverID: access.server.id))
        }
        group.put("servers/:server/ack") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            for channel in try await chat.visibleChannels(
                of: access.server, member: access.member, userID: caller.userID)
            {
                if let last = channel.lastMessageID {
                    try await chat.store.ack(channelID: channel.id, userID: caller.userID, messageID: last)
                }
            }
            return HTTPResponse.Status.noContent
        }
    }

    func create(_ request: Request, _ context: Context) async throws -> JSONBody<Created> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: Creation.self, limit: chat.settings.maxBodyBytes)
        try Self.validate(name: body.name, description: body.description)
        guard try await chat.store.user(id: caller.userID) != nil else { throw APIError.unknownUser }
        let made = try await chat.store.createServer(
            ownerID: caller.userID, name: body.name, description: body.description, nsfw: body.nsfw ?? false)
        await chat.publish(
            "ServerCreate",
            ServerMembership.ServerCreated(id: made.server.id, server: made.server, channels: [made.channel]),
            to: [.private(caller.userID)])
        await chat.publish(
            "ServerMemberJoin",
            ServerMembership.MemberJoined(id: made.server.id, user: caller.userID, member: made.member),
            to: [.server(made.server.id)])
        return JSONBody(Created(server: made.server, channels: [made.channel]))
    }

    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<ServerObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        try access.require(.manageServer)
        if let name = body.name { try Self.validate(name: name, description: body.description) }
        let remove = Set(body.remove ?? [])
        var changes = ChatStore.ServerChanges(name: body.name, nsfw: body.nsfw)
        if let description = body.description { try Self.validate(name: access.server.name, description: description) }
        changes.description = remove.change(body.description, clearedBy: "Description")
        changes.icon = remove.change(body.icon, clearedBy: "Icon")
        changes.banner = remove.change(body.banner, clearedBy: "Banner")
        let server: ServerObject?
        do {
            server = try await chat.store.updateServer(id: access.server.id, by: caller.userID, changes)
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard let server else { throw APIError.unknownServer }
        await chat.publish(
            "ServerUpdate", UpdatePayload(id: server.id, data: server, clear: Array(remove).sorted()),
            to: [.server(server.id)])
        return JSONBody(server)
    }

    /// The owner deletes the server; anyone else leaves it.
    func deleteOrLeave(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        if access.isOwner {
            let members = try await chat.store.deleteServer(id: access.server.id)
            await chat.publish("ServerDelete", ["id": access.server.id], to: [.server(access.server.id)])
            for member in members {
                await chat.publish("ServerDelete", ["id": access.server.id], to: [.private(member)])
            }
        } else {
            try await ServerMembership(chat: chat).leave(
                serverID: access.server.id, userID: caller.userID, reason: "Leave")
        }
        return .noContent
    }

    func createChannel(_ request: Request, _ context: Context) async throws -> JSONBody<ChannelObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let body = try await request.decodeJSON(as: ChannelCreation.self, limit: chat.settings.maxBodyBytes)
        try access.require(.manageChannel)
        guard ["Text", "Voice", nil].contains(body.type) else {
            throw APIError.failedValidation("type must be Text or Voice")
        }
        try ChannelRoutes<Context>.validate(name: body.name, description: body.description)
        guard access.server.channels.count < Self.maximumChannels else {
            throw APIError(.badRequest, "TooManyChannels", ["max": .int(Self.maximumChannels)])
        }
        let channel = try await chat.store.createServerChannel(
            serverID: access.server.id, name: body.name, description: body.description, nsfw: body.nsfw ?? false,
            voice: body.type == "Voice")
        await chat.publish("ChannelCreate", channel, to: [.server(access.server.id)])
        return JSONBody(channel)
    }

    static var maximumChannels: Int { 200 }

    static func validate(name: String, description: String?) throws {
        guard (1...32).contains(name.count) else { throw APIError.failedValidation("name must be 1 to 32 characters") }
        if let description, description.count > 1024 {
            throw APIError.failedValidation("description must be at most 1024 characters")
        }
    }
}
