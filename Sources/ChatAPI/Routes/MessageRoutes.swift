import EventBus
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Storage

/// Messages (`/channels/{id}/messages/*`): send, history, fetch, edit, delete, bulk delete, reactions and pins.
/// Every change is stored in one transaction and then published to the channel's topic.
struct MessageRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Edit: Decodable {
        var content: String?
        var embeds: [SendableEmbed]?
    }

    struct BulkDelete: Decodable {
        var ids: [String]
    }

    /// `?include_users=true`: the page with the users (and members) it names.
    struct PageWithUsers: Encodable, Sendable {
        var messages: [MessageObject]
        var users: [UserObject]
        var members: [MemberObject]?
    }

    struct MessageRef: Encodable, Sendable {
        var id: String
        var channel: String
    }

    struct Update<Data: Encodable & Sendable>: Encodable, Sendable {
        var id: String
        var channel: String
        var data: Data
        var clear: [String] = []
    }

    struct Reaction: Encodable, Sendable {
        var id: String
        var channelID: String
        var userID: String?
        var emojiID: String

        enum CodingKeys: String, CodingKey {
            case id
            case channelID = "channel_id"
            case userID = "user_id"
            case emojiID = "emoji_id"
        }
    }

    static var idempotencyKey: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("channels/:channel/messages") { request, context in try await send(request, context) }
        group.get("channels/:channel/messages") { request, context in try await history(request, context) }
        group.delete("channels/:channel/messages/bulk") { request, context in try await bulkDelete(request, context) }
        group.get("channels/:channel/messages/:message") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
            try access.require(.readMessageHistory)
            return JSONBody(try await message(try context.parameters.require("message"), in: access))
        }
        group.patch("channels/:channel/messages/:message") { request, context in try await edit(request, context) }
        group.delete("channels/:channel/messages/:message") { _, context in try await delete(context) }
        group.put("channels/:channel/messages/:message/reactions/:emoji") { _, context in try await react(context) }
        group.delete("channels/:channel/messages/:message/reactions/:emoji") { request, context in
            try await unreact(request, context)
        }
        group.delete("channels/:channel/messages/:message/reactions") { _, context in try await clearReactions(context)
        }
        group.post("channels/:channel/messages/:message/pin") { _, context in try await pin(context, true) }
        group.delete("channels/:channel/messages/:message/pin") { _, context in try await pin(context, false) }
    }

    func message(_ id: String, in access: ChannelAccess) async throws -> MessageObject {
        guard ULID.isValid(id), let message = try await chat.store.message(id: id), message.channel == access.channel.id
        else { throw APIError.unknownMessage }
        return message
    }

    func send(_ request: Request, _ context: Context) async throws -> JSONBody<MessageObject> {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let nonce = request.headers[Self.idempotencyKey]
        let body = try await request.decodeJSON(as: MessageSendBody.self, limit: chat.settings.maxBodyBytes)
        try access.require(.sendMessage)
        if body.masquerade != nil { try access.require(.masquerade) }
        if !(body.embeds ?? []).isEmpty { try access.require(.sendEmbeds) }
        if !(body.attachments ?? []).isEmpty { try access.require(.uploadFiles) }
        let author = try await chat.store.user(id: caller.userID).map { $0.seen(by: "") }
        var message = try await MessageSending(chat: chat).send(
            body, nonce: nonce, in: access.channel.id, as: .user(caller.userID, author, access.member))
        message.user = message.user?.seen(by: caller.userID)
        return JSONBody(message)
    }

    func history(_ request: Request, _ context: Context) async throws -> Response {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        try access.require(.readMessageHistory)
        let parameters = request.uri.queryParameters
        let limit =
            try parameters.get("limit").map { text -> Int in
                guard let value = Int(text), (1...100).contains(value) else {
                    throw APIError.failedValidation("limit must be 1 to 100")
                }
                return value
            } ?? 50
        for key in ["before", "after", "nearby"] {
            if let value = parameters.get(key), !ULID.isValid(value) {
                throw APIError.failedValidation("\(key) must be a message id")
            }
        }
        let sort = parameters.get("sort") ?? "Latest"
        guard ["Latest", "Oldest", "Relevance"].contains(sort) else {
            throw APIError.failedValidation("sort must be Latest, Oldest or Relevance")
        }
        let query = HistoryQuery(
            limit: limit, before: parameters.get("before"), after: parameters.get("after"),
            nearby: parameters.get("nearby"), oldestFirst: sort == "Oldest")
        guard parameters.get("include_users") == "true" else {
            // The stored bodies are the messages as clients receive them: joined, not decoded and encoded again.
            let bodies = try await chat.store.historyBodies(channelID: access.channel.id, query)
            return RawJSON(text: "[" + bodies.joined(separator: ",") + "]").response()
        }
        let messages = try await chat.store.history(channelID: access.channel.id, query)
        let authors = Array(Set(messages.map(\.author)))
        let users = await chat.withPresence(try await chat.store.users(ids: authors)).map { $0.seen(by: caller.userID) }
        var members: [MemberObject]?
        if let server = access.server {
            members = try await chat.store.members(serverID: server.id).filter { authors.contains($0.id.user) }
        }
        return try JSONBody(PageWithUsers(messages: messages, users: users, members: members)).response(
            from: request, context: context)
    }

    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<MessageObject> {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        guard existing.author == caller.userID else { throw APIError.cannotEditMessage }
        if let embeds = body.embeds, !embeds.isEmpty { try access.require(.sendEmbeds) }
        if let content = body.content, content.count > chat.settings.maxContentLength {
            throw APIError.failedValidation("content must be at most \(chat.settings.maxContentLength) characters")
        }
        guard (body.embeds ?? []).count <= 10 else { throw APIError.tooManyEmbeds(10) }
        for (index, embed) in (body.embeds ?? []).enumerated() {
            try embed.validate(at: index)
            guard embed.media == nil else {
                throw APIError.failedValidation("embeds.\(index).media cannot be added by an edit")
            }
        }
        let content: String?? = body.content.map { $0.isEmpty ? nil : $0 }
        let embedsAfter = body.embeds?.count ?? existing.embeds?.count ?? 0
        let remainsEmpty =
            (content.map { $0 == nil } ?? (existing.content == nil)) && (existing.attachments ?? []).isEmpty
            && embedsAfter == 0
        if remainsEmpty { throw APIError.emptyMessage }
        guard
            let edited = try await chat.store.editMessage(
                id: existing.id, content: content, embeds: body.embeds?.map { $0.textEmbed() }, at: .now)
        else { throw APIError.unknownMessage }
        await chat.publish(
            "MessageUpdate",
            Update(
                id: edited.id, channel: edited.channel,
                data: EditedFields(content: edited.content, edited: edited.edited, embeds: edited.embeds)),
            to: [.channel(edited.channel)])
        if body.content != nil { await MessageSending(chat: chat).queueEmbeds(for: edited) }
        return JSONBody(edited)
    }

    struct EditedFields: Encodable, Sendable {
        var content: String?
        var edited: Date?
        var embeds: [JSONValue]?
    }

    func delete(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        if existing.author != caller.userID { try access.require(.manageMessages) }
        _ = try await chat.store.deleteMessages(channelID: access.channel.id, ids: [existing.id])
        await chat.publish(
            "MessageDelete", MessageRef(id: existing.id, channel: existing.channel), to: [.channel(existing.channel)])
        return .noContent
    }

    func bulkDelete(_ request: Request, _ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let body = try await request.decodeJSON(as: BulkDelete.self, limit: chat.settings.maxBodyBytes)
        try access.require(.manageMessages)
        guard (1...100).contains(body.ids.count), body.ids.allSatisfy(ULID.isValid) else {
            throw APIError.failedValidation("ids must be 1 to 100 message ids")
        }
        let deleted = try await chat.store.deleteMessages(channelID: access.channel.id, ids: body.ids)
        if !deleted.isEmpty {
            await chat.publish(
                "BulkMessageDelete",
                ["channel": JSONValue.string(access.channel.id), "ids": .array(deleted.map(JSONValue.string))],
                to: [.channel(access.channel.id)])
        }
        return .noContent
    }
}
