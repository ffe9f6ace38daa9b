import Foundation
import HTTPSupport
import Storage

/// Sending one message, whoever sends it (a user or bot through `POST /channels/{id}/messages`, a webhook through
/// its execute route): the body checked against the limits, mentions and replies resolved, the message stored in one
/// transaction, published to the channel, and its links queued for embeds. Permissions are the caller's business.
struct MessageSending: Sendable {
    let chat: ChatDependencies

    /// Who the message is from.
    enum Author: Sendable {
        /// A user or bot, with its user object and server membership shown inline in the event.
        case user(String, UserObject?, MemberObject?)
        /// A webhook: the message's author is the webhook's id, `webhook {name, avatar}` names it, and attachments
        /// are claimed as uploads of the webhook's creator.
        case webhook(WebhookObject)

        var id: String {
            switch self {
            case .user(let id, _, _): id
            case .webhook(let webhook): webhook.id
            }
        }
    }

    func send(
        _ body: MessageSendBody, nonce: String?, in channelID: String, as author: Author
    ) async throws -> MessageObject {
        let attachments = body.attachments ?? []
        let embeds = body.embeds ?? []
        let content = body.content.flatMap { $0.isEmpty ? nil : $0 }
        guard content != nil || !attachments.isEmpty || !embeds.isEmpty else { throw APIError.emptyMessage }
        if let content, content.count > chat.settings.maxContentLength {
            throw APIError.failedValidation("content must be at most \(chat.settings.maxContentLength) characters")
        }
        if let nonce, nonce.isEmpty || nonce.count > 64 {
            throw APIError.failedValidation("Idempotency-Key must be 1 to 64 characters")
        }
        guard attachments.count <= chat.settings.maxAttachments else {
            throw APIError.tooManyAttachments(chat.settings.maxAttachments)
        }
        guard (body.replies ?? []).count <= 5 else { throw APIError.tooManyReplies(5) }
        guard embeds.count <= 10 else { throw APIError.tooManyEmbeds(10) }
        for (index, embed) in embeds.enumerated() { try embed.validate(at: index) }
        try Self.validate(masquerade: body.masquerade)
        var mentions = try await existingUsers(ContentParsing.mentions(in: content ?? ""))
        var replies: [String] = []
        for reply in body.replies ?? [] {
            guard ULID.isValid(reply.id), let replied = try await chat.store.message(id: reply.id),
                replied.channel == channelID
            else {
                if reply.failIfNotExists == false { continue }
                throw APIError.unknownMessage
            }
            replies.append(replied.id)
            if reply.mention, !mentions.contains(replied.author) { mentions.append(replied.author) }
        }
        try await chat.store.awaitProcessing(fileIDs: attachments, limit: .seconds(3))
        var new = NewMessage(
            id: ULID.make(), channelID: channelID, authorID: author.id, nonce: nonce, content: content,
            attachmentIDs: attachments, replies: replies, mentions: mentions, embeds: embeds,
            masquerade: body.masquerade, flags: body.flags ?? 0)
        if case .webhook(let webhook) = author {
            new.uploaderID = webhook.creatorID
            new.webhook = webhook.shownOnMessages
        }
        let outcome: ChatStore.SendOutcome
        do {
            outcome = try await chat.store.insertMessage(new)
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard case .sent(var message) = outcome else { throw APIError.duplicateNonce }
        if case .user(_, let user, let member) = author {
            message.user = user
            message.member = member
        }
        await chat.publish("Message", message, to: [.channel(message.channel)])
        await queueEmbeds(for: message)
        return message
    }

    /// After the commit: a job appends the embeds of the message's links (`MessageAppend`, typically within
    /// seconds). A queue that cannot take it costs the message its previews, never the message.
    func queueEmbeds(for message: MessageObject) async {
        let urls = LinkExtraction.urls(in: message.content ?? "")
        guard !urls.isEmpty else { return }
        do {
            _ = try await chat.jobs.enqueue(
                MessageEmbeds(messageID: message.id, channelID: message.channel, urls: urls))
        } catch {
            chat.logger.warning("embeds not queued", metadata: ["message": "\(message.id)", "error": "\(error)"])
        }
    }

    func existingUsers(_ ids: [String]) async throws -> [String] {
        let known = Set(try await chat.store.users(ids: ids).map(\.id))
        return ids.filter(known.contains)
    }

    static func validate(masquerade: MessageObject.Masquerade?) throws {
        guard let masquerade else { return }
        if let name = masquerade.name, !(1...32).contains(name.count) {
            throw APIError.failedValidation("masquerade.name must be 1 to 32 characters")
        }
        if let avatar = masquerade.avatar, avatar.count > 256 {
            throw APIError.failedValidation("masquerade.avatar must be at most 256 characters")
        }
        if let colour = masquerade.colour, colour.count > 128 {
            throw APIError.failedValidation("masquerade.colour must be at most 128 characters")
        }
    }
}

/// The body of a message send (Revolt's `DataMessageSend`), also what a Revolt-style webhook execution posts.
struct MessageSendBody: Decodable {
    var content: String?
    var attachments: [String]?
    var replies: [Reply]?
    var embeds: [SendableEmbed]?
    var masquerade: MessageObject.Masquerade?
    var flags: Int64?

    struct Reply: Decodable {
        var id: String
        var mention: Bool
        var failIfNotExists: Bool?

        enum CodingKeys: String, CodingKey {
            case id, mention
            case failIfNotExists = "fail_if_not_exists"
        }
    }
}
