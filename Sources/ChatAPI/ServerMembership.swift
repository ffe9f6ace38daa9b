import EventBus
import Foundation
import HTTPSupport

/// Joining and leaving servers, with their events: the server's members learn of the change
/// (`ServerMemberJoin` / `ServerMemberLeave`), and the user's own sessions receive the server (`ServerCreate`) or
/// lose it (`ServerDelete`), as Bonfire sends them.
struct ServerMembership: Sendable {
    let chat: ChatDependencies

    struct ServerCreated: Encodable, Sendable {
        var id: String
        var server: ServerObject
        var channels: [ChannelObject]
        var emojis: [JSONValue] = []
    }

    struct MemberJoined: Encodable, Sendable {
        var id: String
        var user: String
        var member: MemberObject
    }

    struct MemberLeft: Encodable, Sendable {
        var id: String
        var user: String
        var reason: String
    }

    /// Adds the user; `AlreadyInServer` or `Banned` refuse. Returns the server and the channels the user sees.
    @discardableResult
    func join(serverID: String, userID: String) async throws -> (server: ServerObject, channels: [ChannelObject]) {
        switch try await chat.store.join(serverID: serverID, userID: userID) {
        case .alreadyMember: throw APIError.alreadyInServer
        case .banned: throw APIError.banned
        case .joined(let member):
            guard let server = try await chat.store.server(id: serverID) else { throw APIError.unknownServer }
            let channels = try await chat.visibleChannels(of: server, member: member, userID: userID)
            await chat.publish(
                "ServerMemberJoin", MemberJoined(id: serverID, user: userID, member: member), to: [.server(serverID)])
            await chat.publish(
                "ServerCreate", ServerCreated(id: serverID, server: server, channels: channels), to: [.private(userID)])
            return (server, channels)
        }
    }

    /// Removes the user (`Leave`, `Kick` or `Ban`), recording a ban when asked; false when it was not a member.
    @discardableResult
    func leave(serverID: String, userID: String, reason: String, banReason: String? = nil) async throws -> Bool {
        let removed = try await chat.store.removeMember(
            serverID: serverID, userID: userID, ban: reason == "Ban", reason: banReason)
        guard removed else { return false }
        await chat.publish(
            "ServerMemberLeave", MemberLeft(id: serverID, user: userID, reason: reason), to: [.server(serverID)])
        await chat.publish("ServerDelete", ["id": serverID], to: [.private(userID)])
        return true
    }
}
