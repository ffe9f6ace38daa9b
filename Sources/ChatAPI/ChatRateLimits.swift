import HTTPSupport
import Hummingbird
import Identity

/// Revolt's rate-limit buckets: fixed 10-second windows per caller (its session, or its address when anonymous),
/// bucket and resource (the channel or server the path names).
enum ChatRateLimits {
    static let window = Duration.seconds(10)

    /// The bucket, its limit and the resource a request counts against, from its method and its path below the
    /// API's prefix (`["channels", "01H…", "messages"]`).
    static func bucket(
        method: HTTPRequest.Method, segments: [Substring]
    ) -> (bucket: String, limit: Int, resource: String) {
        let first = segments.first.map(String.init) ?? ""
        let second = segments.count > 1 ? String(segments[1]) : ""
        switch first {
        case "users":
            if method == .patch, second == "@me" { return ("user_edit", 2, "") }
            return ("users", 20, "")
        case "bots": return ("bots", 10, "")
        // Executions count per webhook, whoever holds its URL.
        case "webhooks" where method == .post: return ("webhooks", 10, second)
        case "channels":
            if method == .post, segments.count == 3, segments[2] == "messages" { return ("messaging", 10, second) }
            return ("channels", 15, second)
        case "servers": return ("servers", 5, second)
        case "auth": return ("auth", 15, "")
        default: return ("any", 20, "")
        }
    }

    /// The middleware's rule: who is counted, in which bucket, for the API's routes under `prefix`.
    static func rule<Context: IdentityRequestContext>(
        prefix: String, keyPrefix: String
    )
        -> @Sendable (Request, Context) -> RateLimitMiddleware<Context>.Rule?
    {
        { request, context in
            var path = request.uri.path[...]
            if path.hasPrefix(prefix) { path = path.dropFirst(prefix.count) }
            let segments = path.split(separator: "/")
            let (bucket, limit, resource) = bucket(method: request.method, segments: segments)
            let who =
                bucket == "webhooks"
                ? "hook" : context.identity.map { "s:" + $0.sessionID } ?? "ip:" + context.clientAddress
            return (keyPrefix + who + ":" + bucket + ":" + resource, bucket, limit, window)
        }
    }
}
