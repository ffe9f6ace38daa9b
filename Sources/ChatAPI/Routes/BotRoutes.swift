import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// Bots (`/bots/*`, Revolt's bot API): a bot is a user with `bot.owner` and a token of kind bot (`X-Bot-Token`),
/// shown once in the answer that made or reset it. Owners create, list, edit and delete their bots; public bots can
/// be invited to servers and groups by anyone who may manage them. A bot with an `interactions_url` has its events
/// POSTed there, signed (see `BotEventDispatcher`).
struct BotRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Creation: Decodable {
        var name: String
    }

    struct Edit: Decodable {
        var name: String?
        var isPublic: Bool?
        var analytics: Bool?
        var interactionsURL: String?
        var remove: Set<String>?

        enum CodingKeys: String, CodingKey {
            case name, analytics, remove
            case isPublic = "public"
            case interactionsURL = "interactions_url"
        }
    }

    struct InviteDestination: Decodable {
        var server: String?
        var group: String?
    }

    /// `{…bot, user}`: Revolt's `BotWithUserResponse`.
    typealias BotWithUser = Merged<BotObject, UserObject>

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("bots/create") { request, context in try await create(request, context) }
        group.get("bots/@me") { _, context in
            let caller = try context.requireCaller()
            let bots = try await chat.store.bots(ownerID: caller.userID)
            let users = try await chat.store.users(ids: bots.map(\.id)).map { $0.seen(by: caller.userID) }
            return JSONBody(BotList(bots: bots, users: users))
        }
        group.get("bots/:bot") { _, context in
            let caller = try context.requireCaller()
            let (bot, user) = try await owned(try context.parameters.require("bot"), by: caller)
            return JSONBody(BotAndUser(bot: bot, user: user))
        }
        group.patch("bots/:bot") { request, context in try await edit(request, context) }
        group.delete("bots/:bot") { _, context in try await delete(context) }
        group.get("bots/:bot/invite") { _, context in try await publicBot(context) }
        group.post("bots/:bot/invite") { request, context in try await invite(request, context) }
        group.get("bots/:bot/deliveries") { _, context in
            let caller = try context.requireCaller()
            let (bot, _) = try await owned(try context.parameters.require("bot"), by: caller)
            let failed = try await BotDeliveryFailures(redis: chat.redis, prefix: chat.settings.keyPrefix).list(
                botID: bot.id)
            return JSONBody(Deliveries(publicKey: bot.publicKey, interactionsURL: bot.interactionsURL, failed: failed))
        }
    }

    struct BotList: Encodable, Sendable {
        var bots: [BotObject]
        var users: [UserObject]
    }

    struct BotAndUser: Encodable, Sendable {
        var bot: BotObject
        var user: UserObject
    }

    /// What the owner sees of its bot's signed deliveries: the key to verify them and those given up on.
    struct Deliveries: Encodable, Sendable {
        var publicKey: String?
        var interactionsURL: String?
        var failed: [BotDeliveryFailures.Failure]

        enum CodingKeys: String, CodingKey {
            case publicKey = "public_key"
            case interactionsURL = "interactions_url"
            case failed
        }
    }

    func create(_ request: Request, _ context: Context) async throws -> JSONBody<BotWithUser> {
        let caller = try context.requireCaller()
        guard !caller.isBot else { throw APIError.isBot }
        let body = try await request.decodeJSON(as: Creation.self, limit: chat.settings.maxBodyBytes)
        try AuthRules.validate(username: body.name)
        guard try await chat.store.user(id: caller.userID) != nil else { throw APIError.unknownUser }
        guard try await chat.store.bots(ownerID: caller.userID).count < Self.maximumBotsPerOwner else {
            throw APIError(.badRequest, "ReachedMaximumBots")
        }
        guard var made = try await chat.store.createBot(ownerID: caller.userID, name: body.name) else {
            throw APIError.usernameTaken
        }
        let (_, token) = try await chat.sessions.create(userID: made.bot.id, kind: .bot, name: "bot token")
        made.bot.token = token
        return JSONBody(BotWithUser(base: made.bot, key: "user", extra: made.user.seen(by: caller.userID)))
    }

    /// A bot the caller owns with its user; 404 for anyone else's.
    func owned(_ id: String, by caller: Caller) async throws -> (BotObject, UserObject) {
        guard ULID.isValid(id), let bot = try await chat.store.bot(id: id), bot.owner == caller.userID,
            let user = try await chat.store.user(id: id)
        else { throw APIError.notFound }
        return (bot, user.seen(by: caller.userID))
    }

    /// `PATCH /bots/{id}`: name, `public`, `analytics`, `interactions_url` (checked with a signed and a forged
    /// `PING` before it is kept), and `remove: ["Token"]` to reset the token (the old one stops working at once) or
    /// `["InteractionsURL"]`. Answers `{…Bot, user}`, as Revolt does.
    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<BotWithUser> {
        let caller = try context.requireCaller()
        var (bot, user) = try await owned(try context.parameters.require("bot"), by: caller)
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        let remove = body.remove ?? []
        guard remove.isSubset(of: ["Token", "InteractionsURL"]) else {
            throw APIError.failedValidation("remove may hold Token and InteractionsURL")
        }
        if let name = body.name {
            try AuthRules.validate(username: name)
            guard try await !chat.store.usernameTaken(name, discriminator: user.discriminator, except: bot.id) else {
                throw APIError.usernameTaken
            }
        }
        var url: String?? = remove.change(body.interactionsURL, clearedBy: "InteractionsURL")
        if case .some(.some(let text)) = url {
            url = .some(try await checkedEndpoint(text, botID: bot.id))
        }
        if let name = body.name, name != user.username,
            let renamed = try await chat.store.updateUser(id: bot.id, .init(username: name))
        {
            user = renamed
            await chat.publish(
                "UserUpdate", UpdatePayload(id: bot.id, data: ["username": name], clear: []), to: [.user(bot.id)])
        }
        bot =
            try await chat.store.updateBot(
                id: bot.id, .init(isPublic: body.isPublic, analytics: body.analytics, interactionsURL: url)) ?? bot
        if remove.contains("Token") {
            try await chat.sessions.revokeAll(userID: bot.id, kind: .bot)
            let (_, token) = try await chat.sessions.create(userID: bot.id, kind: .bot, name: "bot token")
            bot.token = token
        }
        return JSONBody(BotWithUser(base: bot, key: "user", extra: user.seen(by: caller.userID)))
    }

    /// The endpoint as it will be kept, once it passed Discord's check; `InvalidInteractionsURL` says why not.
    func checkedEndpoint(_ text: String, botID: String) async throws -> String {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else { throw Self.invalidEndpoint("interactions_url must be an http(s) URL") }
        guard let fetcher = chat.fetcher else {
            throw Self.invalidEndpoint("this server makes no outbound requests (no fetcher configured)")
        }
        if scheme == "http", !fetcher.isAllowListed(text) {
            throw Self.invalidEndpoint("interactions_url must use https (http only for hosts on proxy.allow)")
        }
        guard let stored = try await chat.store.signingKey(botID: botID),
            let key = InteractionSigner.privateKey(stored)
        else { throw APIError.notFound }
        do {
            try await InteractionsEndpoint(fetcher: fetcher).verify(text, key: key)
        } catch let refusal as InteractionsEndpoint.Refusal {
            throw Self.invalidEndpoint(refusal.description)
        }
        return text
    }

    static func invalidEndpoint(_ reason: String) -> APIError {
        APIError(.badRequest, "InvalidInteractionsURL", ["error": .string(reason)])
    }

    /// Deletes the bot: its tokens stop working, it leaves every server (their members see it go), and its user
    /// stays as a deleted author of its messages.
    func delete(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let (bot, _) = try await owned(try context.parameters.require("bot"), by: caller)
        try await chat.sessions.revokeAll(userID: bot.id, kind: .bot)
        let servers = try await chat.store.deleteBot(id: bot.id)
        for server in servers {
            await chat.publish(
                "ServerMemberLeave", ServerMembership.MemberLeft(id: server, user: bot.id, reason: "Leave"),
                to: [.server(server)])
        }
        await chat.publish(
            "UserUpdate",
            UpdatePayload(
                id: bot.id, data: ["flags": JSONValue.int(UserObject.deletedFlag), "username": "Deleted User"],
                clear: []), to: [.user(bot.id)])
        return .noContent
    }

    /// `GET /bots/{id}/invite`: what anyone may see of a public bot (its owner also of a private one).
    func publicBot(_ context: Context) async throws -> JSONBody<PublicBotObject> {
        let caller = try context.requireCaller()
        let id = try context.parameters.require("bot")
        guard ULID.isValid(id), let bot = try await chat.store.bot(id: id), bot.isPublic || bot.owner == caller.userID,
            let user = try await chat.store.user(id: id)
        else { throw APIError.notFound }
        let profile = try await chat.store.profile(id: id)
        return JSONBody(
            PublicBotObject(id: id, username: user.username, avatar: user.avatar?.id, description: profile?.content))
    }

    /// Adds the bot to a server the caller may manage (`ManageServer`) or a group it may invite to (`InviteOthers`).
    func invite(_ request: Request, _ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let id = try context.parameters.require("bot")
        guard ULID.isValid(id), let bot = try await chat.store.bot(id: id),
            bot.isPublic || bot.owner == caller.userID
        else { throw APIError.notFound }
        let body = try await request.decodeJSON(as: InviteDestination.self, limit: chat.settings.maxBodyBytes)
        switch (body.server, body.group) {
        case (let serverID?, nil):
            let access = try await chat.serverAccess(serverID, caller: caller)
            try access.require(.manageServer)
            try await ServerMembership(chat: chat).join(serverID: serverID, userID: id)
        case (nil, let groupID?):
            let access = try await chat.channelAccess(groupID, caller: caller)
            guard access.channel.channelType == .group else { throw APIError.invalidOperation }
            try access.require(.inviteOthers)
            guard try await chat.store.setRecipient(channelID: groupID, userID: id, present: true) else {
                throw APIError(.conflict, "AlreadyInGroup")
            }
            await chat.publish("ChannelGroupJoin", ["id": groupID, "user": id], to: [.channel(groupID)])
            if let channel = try await chat.store.channel(id: groupID) {
                await chat.publish("ChannelCreate", channel, to: [.private(id)])
            }
        default:
            throw APIError.failedValidation("give either server or group")
        }
        return .noContent
    }

    static var maximumBotsPerOwner: Int { 10 }
}
