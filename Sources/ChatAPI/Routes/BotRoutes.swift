import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// Bots (`/bots/*`), as far as a bot needs to exist, sign in and join a server: a bot is a user with `bot.owner`
/// and a token of kind bot (`X-Bot-Token`). The token is shown once, in the answer that made it.
struct BotRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Creation: Decodable {
        var name: String
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
        group.post("bots/:bot/invite") { request, context in try await invite(request, context) }
    }

    struct BotList: Encodable, Sendable {
        var bots: [BotObject]
        var users: [UserObject]
    }

    struct BotAndUser: Encodable, Sendable {
        var bot: BotObject
        var user: UserObject
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

    /// Adds the bot to a server the caller may manage (`ManageServer`); the bot joins as any member does.
    func invite(_ request: Request, _ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let id = try context.parameters.require("bot")
        guard ULID.isValid(id), let bot = try await chat.store.bot(id: id),
            bot.isPublic || bot.owner == caller.userID
        else { throw APIError.notFound }
        let body = try await request.decodeJSON(as: InviteDestination.self, limit: chat.settings.maxBodyBytes)
        guard let serverID = body.server else { throw APIError.failedValidation("server is missing") }
        let access = try await chat.serverAccess(serverID, caller: caller)
        try access.require(.manageServer)
        try await ServerMembership(chat: chat).join(serverID: serverID, userID: id)
        return .noContent
    }

    static var maximumBotsPerOwner: Int { 10 }
}
