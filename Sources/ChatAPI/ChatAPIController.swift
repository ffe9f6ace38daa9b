import HTTPSupport
import Hummingbird
import Identity
import RedisClient

/// The chat API, Revolt's "Delta" under `api.path_prefix`: every route group behind one token authenticator and
/// one Redis rate limiter (Revolt's buckets, Revolt's millisecond headers).
public struct ChatAPIController<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    public init(chat: ChatDependencies) {
        self.chat = chat
    }

    public func addRoutes(to router: Router<Context>) {
        let prefix = chat.settings.pathPrefix
        let group = router.group(RouterPath(prefix.isEmpty ? "/" : prefix))
            .add(middleware: TokenAuthenticator<Context>(sessions: chat.sessions))
        if chat.settings.rateLimits {
            group.add(
                middleware: RateLimitMiddleware<Context>(
                    limiter: RedisRateLimiter(redis: chat.redis, prefix: chat.settings.rateLimitPrefix), style: .revolt,
                    rule: ChatRateLimits.rule(prefix: prefix, keyPrefix: "")))
        }
        RootRoute<Context>(chat: chat).addRoutes(to: group)
        AuthRoutes<Context>(chat: chat).addRoutes(to: group)
        UserRoutes<Context>(chat: chat).addRoutes(to: group)
        BotRoutes<Context>(chat: chat).addRoutes(to: group)
        ServerRoutes<Context>(chat: chat).addRoutes(to: group)
        MemberRoutes<Context>(chat: chat).addRoutes(to: group)
        RoleRoutes<Context>(chat: chat).addRoutes(to: group)
        ChannelRoutes<Context>(chat: chat).addRoutes(to: group)
        InviteRoutes<Context>(chat: chat).addRoutes(to: group)
        MessageRoutes<Context>(chat: chat).addRoutes(to: group)
        WebhookRoutes<Context>(chat: chat).addRoutes(to: group)
        VoiceRoutes<Context>(chat: chat).addRoutes(to: group)
        SyncRoutes<Context>(chat: chat).addRoutes(to: group)
    }
}
