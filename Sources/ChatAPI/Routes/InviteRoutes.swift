import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// Invites (`/invites/{code}`): look one up (no token needed), join through it, delete it.
struct InviteRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    /// Revolt's public view of a server invite.
    struct PublicInvite: Encodable, Sendable {
        var type = "Server"
        var code: String
        var serverID: String
        var serverName: String
        var serverIcon: FileObject?
        var serverBanner: FileObject?
        var channelID: String
        var channelName: String
        var channelDescription: String?
        var userName: String
        var userAvatar: FileObject?
        var memberCount: Int

        enum CodingKeys: String, CodingKey {
            case type, code
            case serverID = "server_id"
            case serverName = "server_name"
            case serverIcon = "server_icon"
            case serverBanner = "server_banner"
            case channelID = "channel_id"
            case channelName = "channel_name"
            case channelDescription = "channel_description"
            case userName = "user_name"
            case userAvatar = "user_avatar"
            case memberCount = "member_count"
        }
    }

    struct Joined: Encodable, Sendable {
        var type = "Server"
        var channels: [ChannelObject]
        var server: ServerObject
    }

    func addRoutes(to group: RouterGroup<Context>) {
        // Anyone may look an invite up (clients show it before signing in, and send no token for it).
        group.get("invites/:code") { _, context in
            let (invite, server, channel) = try await resolve(try context.parameters.require("code"))
            let creator = try await chat.store.user(id: invite.creator)
            return JSONBody(
                PublicInvite(
                    code: invite.id, serverID: server.id, serverName: server.name, serverIcon: server.icon,
                    serverBanner: server.banner, channelID: channel.id, channelName: channel.name ?? "",
                    channelDescription: channel.description, userName: creator?.username ?? "",
                    userAvatar: creator?.avatar, memberCount: try await chat.store.members(serverID: server.id).count))
        }
        group.post("invites/:code") { _, context in
            let caller = try context.requireCaller()
            let (_, server, _) = try await resolve(try context.parameters.require("code"))
            let joined = try await ServerMembership(chat: chat).join(serverID: server.id, userID: caller.userID)
            return JSONBody(Joined(channels: joined.channels, server: joined.server))
        }
        group.delete("invites/:code") { _, context in
            let caller = try context.requireCaller()
            let (invite, server, _) = try await resolve(try context.parameters.require("code"))
            if invite.creator != caller.userID {
                try await chat.serverAccess(server.id, caller: caller).require(.manageServer)
            }
            _ = try await chat.store.deleteInvite(code: invite.id)
            return HTTPResponse.Status.noContent
        }
    }

    func resolve(_ code: String) async throws -> (InviteObject, ServerObject, ChannelObject) {
        guard code.count <= 64, let invite = try await chat.store.invite(code: code),
            let server = try await chat.store.server(id: invite.server),
            let channel = try await chat.store.channel(id: invite.channel)
        else { throw APIError.notFound }
        return (invite, server, channel)
    }
}
