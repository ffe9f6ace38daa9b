import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// Read state: `PUT /channels/{id}/ack/{message}` marks a channel read, `GET /sync/unreads` returns every
/// channel's marker and unread mentions, so unread badges survive a reload.
struct SyncRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Acked: Encodable, Sendable {
        var id: String
        var user: String
        var messageID: String

        enum CodingKeys: String, CodingKey {
            case id, user
            case messageID = "message_id"
        }
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.put("channels/:channel/ack/:message") { _, context in
            let caller = try context.requireCaller()
            guard !caller.isBot else { throw APIError.isBot }
            let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
            let messageID = try context.parameters.require("message")
            guard ULID.isValid(messageID) else { throw APIError.unknownMessage }
            try await chat.store.ack(channelID: access.channel.id, userID: caller.userID, messageID: messageID)
            await chat.publish(
                "ChannelAck", Acked(id: access.channel.id, user: caller.userID, messageID: messageID),
                to: [.private(caller.userID)])
            return HTTPResponse.Status.noContent
        }
        group.get("sync/unreads") { _, context in
            let caller = try context.requireCaller()
            guard !caller.isBot else { throw APIError.isBot }
            return JSONBody(try await chat.store.unreads(userID: caller.userID))
        }
    }
}
