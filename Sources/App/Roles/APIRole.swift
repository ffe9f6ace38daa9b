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
        title: "Chat API (`/api`, `api.*`)", keys: ConfigurationKeys.api)

    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {
        ChatAPIController<AppRequestContext>(chat: dependencies(parts)).addRoutes(to: router)
    }

    /// The API's follow-up work (`message.embeds`), run by every worker process.
    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        MessageEmbeds.register(
            in: &jobs.registry, chat: dependencies(parts), wait: parts.configuration.linkProxy.wait)
    }

    static func services(_ parts: RoleParts) throws -> [any Service] {
        [parts.events]
    }

    static func dependencies(_ parts: RoleParts) -> ChatDependencies {
        ChatDependencies(
            settings: parts.configuration.chat, store: ChatStore(metadata: parts.metadata),
            events: parts.events, sessions: Sessions(metadata: parts.metadata), jobs: parts.jobs, redis: parts.redis,
            presence: Presence(redis: parts.redis, prefix: parts.configuration.redisKeyPrefix), logger: parts.logger)
    }
}
