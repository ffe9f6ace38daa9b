import Crypto
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import NIOCore
import Storage

/// Incoming webhooks (Revolt's shape): made per channel by those with `ManageWebhooks`, executed by anyone holding
/// the token in their URL with Revolt's message body, Discord's execute body, or a GitHub delivery. A webhook's
/// messages have the webhook's id as author and `webhook {name, avatar}`.
struct WebhookRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Creation: Decodable {
        var name: String
        var avatar: String?
    }

    struct Edit: Decodable {
        var name: String?
        var avatar: String?
        var permissions: Int64?
        var remove: Set<String>?
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("channels/:channel/webhooks") { request, context in try await create(request, context) }
        group.get("channels/:channel/webhooks") { _, context in
            let access = try await manager(ofChannel: try context.parameters.require("channel"), context)
            return JSONBody(try await chat.store.webhooks(channelID: access.channel.id))
        }
        group.get("webhooks/:webhook") { _, context in
            JSONBody(try await managed(try context.parameters.require("webhook"), context).withoutToken)
        }
        group.get("webhooks/:webhook/:token") { _, context in
            JSONBody(try await held(context).withoutToken)
        }
        group.patch("webhooks/:webhook") { request, context in
            let webhook = try await managed(try context.parameters.require("webhook"), context)
            return try await edit(webhook, request, context, mayChangePermissions: true)
        }
        group.patch("webhooks/:webhook/:token") { request, context in
            try await edit(try await held(context), request, context, mayChangePermissions: false)
        }
        group.delete("webhooks/:webhook") { _, context in
            try await delete(try await managed(try context.parameters.require("webhook"), context))
        }
        group.delete("webhooks/:webhook/:token") { _, context in try await delete(try await held(context)) }
        group.post("webhooks/:webhook/:token") { request, context in try await execute(request, context) }
        group.post("webhooks/:webhook/:token/github") { request, context in try await github(request, context) }
    }

    /// The caller's access to a channel whose webhooks it manages (`ManageWebhooks`; server channels and groups).
    func manager(ofChannel channelID: String, _ context: Context) async throws -> ChannelAccess {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(channelID, caller: caller)
        guard [.textChannel, .group].contains(access.channel.channelType) else { throw APIError.invalidOperation }
        try access.require(.manageWebhooks)
        return access
    }

    func managed(_ id: String, _ context: Context) async throws -> WebhookObject {
        guard ULID.isValid(id), let webhook = try await chat.store.webhook(id: id) else { throw Self.notFound }
        _ = try await manager(ofChannel: webhook.channelID, context)
        return webhook
    }

    /// The webhook the URL's token opens; a wrong token is a 404 like a missing webhook.
    func held(_ context: Context) async throws -> WebhookObject {
        let id = try context.parameters.require("webhook")
        let token = try context.parameters.require("token")
        guard ULID.isValid(id), let webhook = try await chat.store.webhook(id: id),
            ConstantTime.equal(webhook.token ?? "", token)
        else { throw Self.notFound }
        return webhook
    }

    static var notFound: APIError { APIError(.notFound, "NotFound") }

    func create(_ request: Request, _ context: Context) async throws -> JSONBody<WebhookObject> {
        let access = try await manager(ofChannel: try context.parameters.require("channel"), context)
        let body = try await request.decodeJSON(as: Creation.self, limit: chat.settings.maxBodyBytes)
        try Self.validate(name: body.name)
        guard try await chat.store.webhooks(channelID: access.channel.id).count < Self.maximumPerChannel else {
            throw APIError(.badRequest, "TooManyWebhooks", ["max": .int(Self.maximumPerChannel)])
        }
        let caller = try context.requireCaller()
        let webhook: WebhookObject
        do {
            webhook = try await chat.store.createWebhook(
                channelID: access.channel.id, creatorID: caller.userID, name: body.name, avatarID: body.avatar,
                permissions: Int64(bitPattern: Permissions.webhook.rawValue),
                token: MetadataStore.randomToken(bytes: 48))
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        await chat.publish("WebhookCreate", webhook.withoutToken, to: [.channel(webhook.channelID)])
        return JSONBody(webhook)
    }

    func edit(
        _ webhook: WebhookObject, _ request: Request, _ context: Context, mayChangePermissions: Bool
    )
        async throws -> JSONBody<WebhookObject>
    {
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        let remove = body.remove ?? []
        guard remove.isSubset(of: ["Avatar"]) else { throw APIError.failedValidation("remove may hold Avatar") }
        if let name = body.name { try Self.validate(name: name) }
        if body.permissions != nil, !mayChangePermissions {
            throw APIError.failedValidation("permissions are changed by a member with ManageWebhooks, not the token")
        }
        if let permissions = body.permissions, UInt64(bitPattern: permissions) & ~Permissions.all.rawValue != 0 {
            throw APIError.failedValidation("permissions has unknown bits")
        }
        let uploader = context.identity?.userID ?? webhook.creatorID
        let updated: WebhookObject?
        do {
            updated = try await chat.store.updateWebhook(
                id: webhook.id,
                .init(
                    name: body.name, avatar: remove.change(body.avatar, clearedBy: "Avatar"),
                    permissions: body.permissions, uploaderID: uploader))
        } catch FileClaims.Refusal.unavailable {
            throw APIError.unknownAttachment
        }
        guard let updated else { throw Self.notFound }
        await chat.publish(
            "WebhookUpdate",
            UpdatePayload(
                id: updated.id, data: updated.withoutToken, clear: remove.contains("Avatar") ? ["Avatar"] : []),
            to: [.channel(updated.channelID)])
        return JSONBody(updated)
    }

    func delete(_ webhook: WebhookObject) async throws -> HTTPResponse.Status {
        guard try await chat.store.deleteWebhook(id: webhook.id) else { throw Self.notFound }
        await chat.publish("WebhookDelete", ["id": webhook.id], to: [.channel(webhook.channelID)])
        return .noContent
    }

    /// `POST /webhooks/{id}/{token}`: a Revolt message body, or Discord's (`?wait=true` answers the message, else
    /// 204). The webhook's own permissions in its channel decide what the message may hold.
    func execute(_ request: Request, _ context: Context) async throws -> Response {
        let webhook = try await held(context)
        let bytes = try await request.bodyBytes(limit: chat.settings.maxBodyBytes)
        let wait = request.uri.queryParameters.get("wait")
        let discord =
            try wait != nil || DiscordWebhookBody.isDiscord(Request.decodeJSON(as: JSONValue.self, from: bytes))
        let body =
            discord
            ? try Request.decodeJSON(as: DiscordWebhookBody.self, from: bytes).revoltBody()
            : try Request.decodeJSON(as: MessageSendBody.self, from: bytes)
        let message = try await send(body, as: webhook, nonce: request.headers[MessageRoutes<Context>.idempotencyKey])
        if discord, wait != "true" { return Response(status: .noContent) }
        return try JSONBody(message).response(from: request, context: context)
    }

    func send(_ body: MessageSendBody, as webhook: WebhookObject, nonce: String?) async throws -> MessageObject {
        let permissions = Permissions(rawValue: UInt64(bitPattern: webhook.permissions))
        try permissions.require(.sendMessage)
        if body.masquerade != nil { try permissions.require(.masquerade) }
        if !(body.embeds ?? []).isEmpty { try permissions.require(.sendEmbeds) }
        if !(body.attachments ?? []).isEmpty { try permissions.require(.uploadFiles) }
        guard let channel = try await chat.store.channel(id: webhook.channelID) else { throw Self.notFound }
        return try await MessageSending(chat: chat).send(body, nonce: nonce, in: channel.id, as: .webhook(webhook))
    }

    /// `POST /webhooks/{id}/{token}/github`: GitHub's push, pull request, issue and release deliveries as
    /// messages. When GitHub signs the delivery (`X-Hub-Signature-256`, the hook's secret set to this webhook's
    /// token) the signature must match the body.
    func github(_ request: Request, _ context: Context) async throws -> Response {
        let webhook = try await held(context)
        let body = try await request.bodyBytes(limit: chat.settings.maxBodyBytes)
        if let signature = request.headers[HTTPField.Name("X-Hub-Signature-256")!] {
            let key = SymmetricKey(data: Data((webhook.token ?? "").utf8))
            let expected = "sha256=" + Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: key))
            guard ConstantTime.equal(expected, signature) else {
                throw APIError(
                    .unauthorized, "InvalidSignature", ["error": .string("X-Hub-Signature-256 does not match the body")]
                )
            }
        }
        guard let event = request.headers[HTTPField.Name("X-GitHub-Event")!] else {
            throw APIError.failedValidation("X-GitHub-Event is missing")
        }
        let payload = try Request.decodeJSON(as: JSONValue.self, from: body)
        guard case .object = payload else { throw APIError.failedValidation("the body must be a JSON object") }
        guard let rendering = GitHubEvents.render(event: event, payload: payload) else {
            throw APIError(
                .badRequest, "UnsupportedEvent",
                [
                    "error": .string(
                        "GitHub event \(event) is not handled; send \(GitHubEvents.supported.joined(separator: ", "))")
                ])
        }
        guard case .message(let text) = rendering else { return Response(status: .noContent) }
        var content = text
        if content.count > chat.settings.maxContentLength {
            content = String(content.prefix(chat.settings.maxContentLength - 1)) + "…"
        }
        let message = try await send(
            MessageSendBody(content: content), as: webhook,
            nonce: request.headers[HTTPField.Name("X-GitHub-Delivery")!].map { String($0.prefix(64)) })
        return try JSONBody(message).response(from: request, context: context)
    }

    static func validate(name: String) throws {
        guard (1...32).contains(name.count) else { throw APIError.failedValidation("name must be 1 to 32 characters") }
    }

    static var maximumPerChannel: Int { 50 }
}
