/// `GET /api/openapi.json`: every route of the chat API with its body and answer, as OpenAPI 3.0. Built from the
/// table below, which lists the routes the controllers mount (a test compares the two).
enum OpenAPIDocument {
    typealias S = OpenAPISchemas

    struct Operation {
        var method: String
        var path: String
        var summary: String
        var body: JSONValue?
        /// The success answer's schema; nil for 204.
        var answer: JSONValue?
        var query: [(name: String, schema: JSONValue)] = []
        var anonymous = false
    }

    static let operations: [Operation] = [
        Operation(method: "get", path: "/", summary: "Describe the node", answer: S.ref("Node"), anonymous: true),
        Operation(
            method: "post", path: "/auth/account/create", summary: "Create an account",
            body: S.object(
                ["email": S.string, "password": S.string, "invite": S.string], required: ["email", "password"]),
            anonymous: true),
        Operation(
            method: "get", path: "/auth/account/", summary: "The caller's account",
            answer: S.object(["_id": S.id, "email": S.string])),
        Operation(
            method: "patch", path: "/auth/account/change/password", summary: "Change the password",
            body: S.object(
                ["password": S.string, "current_password": S.string], required: ["password", "current_password"])),
        Operation(
            method: "post", path: "/auth/session/login", summary: "Log in",
            body: S.object(
                ["email": S.string, "password": S.string, "friendly_name": S.string], required: ["email", "password"]),
            answer: S.object([
                "result": S.string, "_id": S.string, "user_id": S.id, "token": S.string, "name": S.string,
            ]),
            anonymous: true),
        Operation(method: "post", path: "/auth/session/logout", summary: "Log out"),
        Operation(
            method: "get", path: "/auth/session/all", summary: "List sessions", answer: S.array(S.ref("Session"))),
        Operation(
            method: "delete", path: "/auth/session/all", summary: "Revoke every session",
            query: [("revoke_self", S.boolean)]),
        Operation(method: "delete", path: "/auth/session/{session}", summary: "Revoke a session"),
        Operation(
            method: "get", path: "/onboard/hello", summary: "Whether onboarding is pending",
            answer: S.object(["onboarding": S.boolean], required: ["onboarding"])),
        Operation(
            method: "post", path: "/onboard/complete", summary: "Choose a username",
            body: S.object(["username": S.string], required: ["username"]), answer: S.ref("User")),
        Operation(method: "get", path: "/users/@me", summary: "The caller", answer: S.ref("User")),
        Operation(
            method: "patch", path: "/users/@me", summary: "Edit the caller",
            body: S.object([
                "display_name": S.string, "avatar": S.string,
                "status": S.object(["text": S.string, "presence": S.string]),
                "profile": S.object(["content": S.string, "background": S.string]), "remove": S.array(S.string),
            ]), answer: S.ref("User")),
        Operation(
            method: "patch", path: "/users/@me/username", summary: "Change the username",
            body: S.object(["username": S.string, "password": S.string], required: ["username", "password"]),
            answer: S.ref("User")),
        Operation(
            method: "get", path: "/users/dms", summary: "Direct messages and groups", answer: S.array(S.ref("Channel"))),
        Operation(method: "get", path: "/users/{user}", summary: "A user", answer: S.ref("User")),
        Operation(
            method: "get", path: "/users/{user}/profile", summary: "A user's profile",
            answer: S.object(["content": S.string, "background": S.ref("File")])),
        Operation(method: "get", path: "/users/{user}/dm", summary: "Open a direct message", answer: S.ref("Channel")),
        Operation(
            method: "post", path: "/bots/create", summary: "Create a bot",
            body: S.object(["name": S.string], required: ["name"]), answer: S.ref("Bot")),
        Operation(
            method: "get", path: "/bots/@me", summary: "The caller's bots",
            answer: S.object(["bots": S.array(S.ref("Bot")), "users": S.array(S.ref("User"))])),
        Operation(
            method: "get", path: "/bots/{bot}", summary: "A bot of the caller's",
            answer: S.object(["bot": S.ref("Bot"), "user": S.ref("User")])),
        Operation(
            method: "patch", path: "/bots/{bot}", summary: "Edit a bot (remove Token resets it)",
            body: S.object([
                "name": S.string, "public": S.boolean, "analytics": S.boolean, "interactions_url": S.string,
                "remove": S.array(["type": "string", "enum": ["Token", "InteractionsURL"]]),
            ]), answer: ["allOf": [S.ref("Bot"), S.object(["user": S.ref("User")], required: ["user"])]]),
        Operation(method: "delete", path: "/bots/{bot}", summary: "Delete a bot"),
        Operation(
            method: "get", path: "/bots/{bot}/invite", summary: "A public bot", answer: S.ref("PublicBot")),
        Operation(
            method: "post", path: "/bots/{bot}/invite", summary: "Add a bot to a server or group",
            body: S.object(["server": S.id, "group": S.id])),
        Operation(
            method: "get", path: "/bots/{bot}/deliveries", summary: "A bot's signing key and failed deliveries",
            answer: S.object([
                "public_key": S.string, "interactions_url": S.string, "failed": S.array(["type": "object"]),
            ])),
        Operation(
            method: "post", path: "/servers/create", summary: "Create a server",
            body: S.object(["name": S.string, "description": S.string, "nsfw": S.boolean], required: ["name"]),
            answer: S.object(["server": S.ref("Server"), "channels": S.array(S.ref("Channel"))])),
        Operation(
            method: "get", path: "/servers/{server}", summary: "A server", answer: S.ref("Server"),
            query: [("include_channels", S.boolean)]),
        Operation(
            method: "patch", path: "/servers/{server}", summary: "Edit a server",
            body: S.object([
                "name": S.string, "description": S.string, "icon": S.string, "banner": S.string, "nsfw": S.boolean,
                "remove": S.array(S.string),
            ]), answer: S.ref("Server")),
        Operation(method: "delete", path: "/servers/{server}", summary: "Delete (owner) or leave a server"),
        Operation(
            method: "post", path: "/servers/{server}/channels", summary: "Create a channel",
            body: S.object(
                [
                    "type": ["type": "string", "enum": ["Text", "Voice"]], "name": S.string, "description": S.string,
                    "nsfw": S.boolean,
                ], required: ["name"]), answer: S.ref("Channel")),
        Operation(
            method: "get", path: "/servers/{server}/invites", summary: "A server's invites",
            answer: S.array(S.ref("Invite"))),
        Operation(method: "put", path: "/servers/{server}/ack", summary: "Mark a server read"),
        Operation(
            method: "get", path: "/servers/{server}/members", summary: "A server's members",
            answer: S.object(["members": S.array(S.ref("Member")), "users": S.array(S.ref("User"))])),
        Operation(
            method: "get", path: "/servers/{server}/members/{member}", summary: "A member", answer: S.ref("Member")),
        Operation(
            method: "patch", path: "/servers/{server}/members/{member}", summary: "Edit a member",
            body: S.object([
                "nickname": S.string, "avatar": S.string, "roles": S.array(S.id), "timeout": S.string,
                "remove": S.array(S.string),
            ]), answer: S.ref("Member")),
        Operation(method: "delete", path: "/servers/{server}/members/{member}", summary: "Kick a member"),
        Operation(
            method: "put", path: "/servers/{server}/bans/{user}", summary: "Ban a user",
            body: S.object(["reason": S.string]), answer: S.ref("Ban")),
        Operation(method: "delete", path: "/servers/{server}/bans/{user}", summary: "Lift a ban"),
        Operation(
            method: "get", path: "/servers/{server}/bans", summary: "A server's bans",
            answer: S.object(["users": S.array(S.ref("User")), "bans": S.array(S.ref("Ban"))])),
        Operation(
            method: "post", path: "/servers/{server}/roles", summary: "Create a role",
            body: S.object(["name": S.string, "rank": S.integer], required: ["name"]),
            answer: S.object(["id": S.id, "role": S.ref("Role")])),
        Operation(method: "get", path: "/servers/{server}/roles/{role}", summary: "A role", answer: S.ref("Role")),
        Operation(
            method: "patch", path: "/servers/{server}/roles/ranks", summary: "Order the roles, highest first",
            body: S.object(["ranks": S.array(S.id)], required: ["ranks"]), answer: S.ref("Server")),
        Operation(
            method: "patch", path: "/servers/{server}/roles/{role}", summary: "Edit a role",
            body: S.object([
                "name": S.string, "colour": S.string, "hoist": S.boolean, "rank": S.integer,
                "remove": S.array(S.string),
            ]), answer: S.ref("Role")),
        Operation(method: "delete", path: "/servers/{server}/roles/{role}", summary: "Delete a role"),
        Operation(
            method: "put", path: "/servers/{server}/permissions/{role}",
            summary: "Set a role's permissions, or @everyone's with `default`", body: S.permissionsBody,
            answer: S.ref("Server")),
        Operation(method: "get", path: "/channels/{channel}", summary: "A channel", answer: S.ref("Channel")),
        Operation(
            method: "patch", path: "/channels/{channel}", summary: "Edit a channel",
            body: S.object([
                "name": S.string, "description": S.string, "icon": S.string, "nsfw": S.boolean,
                "remove": S.array(S.string),
            ]), answer: S.ref("Channel")),
        Operation(method: "delete", path: "/channels/{channel}", summary: "Delete a channel or leave a group"),
        Operation(
            method: "post", path: "/channels/create", summary: "Create a group",
            body: S.object(["name": S.string, "description": S.string, "users": S.array(S.id)], required: ["name"]),
            answer: S.ref("Channel")),
        Operation(method: "put", path: "/channels/{channel}/recipients/{user}", summary: "Add to a group"),
        Operation(method: "delete", path: "/channels/{channel}/recipients/{user}", summary: "Remove from a group"),
        Operation(
            method: "put", path: "/channels/{channel}/permissions/{role}",
            summary: "Set a channel override for a role, or its default with `default`", body: S.permissionsBody,
            answer: S.ref("Channel")),
        Operation(
            method: "post", path: "/channels/{channel}/invites", summary: "Create an invite", answer: S.ref("Invite")),
        Operation(
            method: "get", path: "/invites/{code}", summary: "Look an invite up", answer: ["type": "object"],
            anonymous: true),
        Operation(
            method: "post", path: "/invites/{code}", summary: "Join through an invite",
            answer: S.object(["type": S.string, "server": S.ref("Server"), "channels": S.array(S.ref("Channel"))])),
        Operation(method: "delete", path: "/invites/{code}", summary: "Delete an invite"),
        Operation(
            method: "post", path: "/channels/{channel}/messages", summary: "Send a message",
            body: S.object([
                "content": S.string, "attachments": S.array(S.string),
                "replies": S.array(
                    S.object(
                        ["id": S.id, "mention": S.boolean, "fail_if_not_exists": S.boolean],
                        required: ["id", "mention"])),
                "embeds": S.array(["type": "object"]),
                "masquerade": S.object(["name": S.string, "avatar": S.string, "colour": S.string]), "flags": S.integer,
            ]), answer: S.ref("Message")),
        Operation(
            method: "get", path: "/channels/{channel}/messages", summary: "A page of history",
            answer: [
                "oneOf": [
                    S.array(S.ref("Message")),
                    S.object([
                        "messages": S.array(S.ref("Message")), "users": S.array(S.ref("User")),
                        "members": S.array(S.ref("Member")),
                    ]),
                ]
            ],
            query: [
                ("limit", ["type": "integer", "minimum": 1, "maximum": 100]), ("before", S.id), ("after", S.id),
                ("nearby", S.id), ("sort", ["type": "string", "enum": ["Latest", "Oldest", "Relevance"]]),
                ("include_users", S.boolean),
            ]),
        Operation(
            method: "delete", path: "/channels/{channel}/messages/bulk", summary: "Delete messages",
            body: S.object(["ids": S.array(S.id)], required: ["ids"])),
        Operation(
            method: "get", path: "/channels/{channel}/messages/{message}", summary: "A message",
            answer: S.ref("Message")),
        Operation(
            method: "patch", path: "/channels/{channel}/messages/{message}", summary: "Edit a message",
            body: S.object(["content": S.string, "embeds": S.array(["type": "object"])]), answer: S.ref("Message")),
        Operation(method: "delete", path: "/channels/{channel}/messages/{message}", summary: "Delete a message"),
        Operation(method: "put", path: "/channels/{channel}/messages/{message}/reactions/{emoji}", summary: "React"),
        Operation(
            method: "delete", path: "/channels/{channel}/messages/{message}/reactions/{emoji}",
            summary: "Remove a reaction",
            query: [("user_id", S.id), ("remove_all", S.boolean)]),
        Operation(
            method: "delete", path: "/channels/{channel}/messages/{message}/reactions", summary: "Clear reactions"),
        Operation(method: "post", path: "/channels/{channel}/messages/{message}/pin", summary: "Pin a message"),
        Operation(method: "delete", path: "/channels/{channel}/messages/{message}/pin", summary: "Unpin a message"),
        Operation(method: "put", path: "/channels/{channel}/ack/{message}", summary: "Mark a channel read"),
        Operation(
            method: "post", path: "/channels/{channel}/webhooks", summary: "Create a webhook",
            body: S.object(["name": S.string, "avatar": S.string], required: ["name"]), answer: S.ref("Webhook")),
        Operation(
            method: "get", path: "/channels/{channel}/webhooks", summary: "A channel's webhooks",
            answer: S.array(S.ref("Webhook"))),
        Operation(method: "get", path: "/webhooks/{webhook}", summary: "A webhook", answer: S.ref("Webhook")),
        Operation(
            method: "patch", path: "/webhooks/{webhook}", summary: "Edit a webhook", body: webhookEdit,
            answer: S.ref("Webhook")),
        Operation(method: "delete", path: "/webhooks/{webhook}", summary: "Delete a webhook"),
        Operation(
            method: "get", path: "/webhooks/{webhook}/{token}", summary: "A webhook, by its token",
            answer: S.ref("Webhook"), anonymous: true),
        Operation(
            method: "patch", path: "/webhooks/{webhook}/{token}", summary: "Edit a webhook, by its token",
            body: webhookEdit, answer: S.ref("Webhook"), anonymous: true),
        Operation(
            method: "delete", path: "/webhooks/{webhook}/{token}", summary: "Delete a webhook, by its token",
            anonymous: true),
        Operation(
            method: "post", path: "/webhooks/{webhook}/{token}",
            summary: "Execute a webhook (Revolt's message body, or Discord's with ?wait)",
            body: ["type": "object"], answer: S.ref("Message"), query: [("wait", S.boolean)], anonymous: true),
        Operation(
            method: "post", path: "/webhooks/{webhook}/{token}/github",
            summary: "A GitHub delivery (X-GitHub-Event) as a message", body: ["type": "object"],
            answer: S.ref("Message"), anonymous: true),
        Operation(
            method: "post", path: "/channels/{channel}/join_call", summary: "A LiveKit token for a voice channel",
            answer: S.object(["token": S.string, "url": S.string], required: ["token", "url"])),
        Operation(
            method: "post", path: "/livekit/webhook", summary: "LiveKit's webhook (JWT in Authorization)",
            body: ["type": "object"], anonymous: true),
        Operation(method: "get", path: "/sync/unreads", summary: "Read state", answer: S.array(S.ref("Unread"))),
        Operation(
            method: "get", path: "/openapi.json", summary: "This document", answer: ["type": "object"], anonymous: true),
    ]

    static let webhookEdit = S.object([
        "name": S.string, "avatar": S.string, "permissions": S.integer,
        "remove": S.array(["type": "string", "enum": ["Avatar"]]),
    ])

    static let errorStatuses = ["400", "401", "403", "404", "409", "422", "429"]

    /// The document for an API mounted at `prefix`.
    static func make(prefix: String, version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            var entry: [String: JSONValue] = ["summary": .string(operation.summary)]
            var parameters: [JSONValue] = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                [
                    "name": .string(String($0.dropFirst().dropLast())), "in": "path", "required": true,
                    "schema": S.string,
                ]
            }
            parameters += operation.query.map {
                ["name": .string($0.name), "in": "query", "required": false, "schema": $0.schema]
            }
            if !parameters.isEmpty { entry["parameters"] = .array(parameters) }
            if let body = operation.body {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
            }
            var responses: [String: JSONValue] = [:]
            if let answer = operation.answer {
                responses["200"] = ["description": "OK", "content": ["application/json": ["schema": answer]]]
            } else {
                responses["204"] = ["description": "Done"]
            }
            for status in errorStatuses {
                responses[status] = [
                    "description": "Revolt's error shape", "content": ["application/json": ["schema": S.ref("Error")]],
                ]
            }
            entry["responses"] = .object(responses)
            if operation.anonymous { entry["security"] = [] }
            paths[operation.path, default: [:]][operation.method] = .object(entry)
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Discordination chat API", "version": .string(version),
                "description": "Revolt-compatible (Delta) REST API. Errors are {\"type\": …}.",
            ],
            "servers": [["url": .string(prefix.isEmpty ? "/" : prefix)]],
            "components": [
                "schemas": .object(S.components),
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "header", "name": "X-Session-Token"],
                    "bot": ["type": "apiKey", "in": "header", "name": "X-Bot-Token"],
                ],
            ],
            "security": [["session": []], ["bot": []]],
            "paths": .object(paths.mapValues { .object($0) }),
        ]
    }
}
