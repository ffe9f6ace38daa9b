import ChatAPI
import EventBus
import Hummingbird
import Identity
import JobQueue
import ServiceLifecycle

/// `api`: the chat API (`/api/*`, Revolt's Delta): accounts, users, servers, channels, members, roles, invites and
/// messages, publishing every change on the events stream.
enum APIRole: RoleDefinition {
    static let role = AppRole.api
    static let summary = "Run the chat API (/api) without a job worker."

    static let configuration: ConfigurationSection? = ConfigurationSection(
        title: "Chat API (`/api`, `api.*`, voice `voice.*`)", keys: ConfigurationKeys.api + ConfigurationKeys.voice)

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        ChatAPIController<AppRequestContext>(chat: try dependencies(parts)).addRoutes(to: router)
    }

    /// The API's follow-up work (`message.embeds`, signed `bot.deliver`), run by every worker process.
    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        let chat = try dependencies(parts)
        MessageEmbeds.register(in: &jobs.registry, chat: chat, wait: parts.configuration.linkProxy.wait)
        BotDelivery.register(in: &jobs.registry, chat: chat)
    }

    /// The events outbox, and the dispatcher that routes events to bots' interactions endpoints.
    static func services(_ parts: RoleParts) throws -> [any Service] {
        [parts.events, BotEventDispatcher(chat: try dependencies(parts))]
    }

    static func dependencies(_ parts: RoleParts) throws -> ChatDependencies {
        ChatDependencies(
            settings: parts.configuration.chat, store: ChatStore(metadata: parts.metadata),
            events: parts.events, sessions: Sessions(metadata: parts.metadata), jobs: parts.jobs, redis: parts.redis,
            presence: Presence(redis: parts.redis, prefix: parts.configuration.redisKeyPrefix),
            fetcher: try parts.safeFetcher(), logger: parts.logger)
    }
}
