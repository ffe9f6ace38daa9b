/// The JSON schemas of the API's objects and request bodies, as the OpenAPI document names them. Objects are
/// described by the members clients rely on; more members may be present (`additionalProperties`).
enum OpenAPISchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static let string: JSONValue = ["type": "string"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let integer: JSONValue = ["type": "integer"]
    static let id: JSONValue = ["type": "string", "description": "a 26-character ULID"]

    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }

    static let components: [String: JSONValue] = [
        "Error": object(["type": string], required: ["type"]),
        "File": object(
            [
                "_id": string, "tag": string, "filename": string, "metadata": ["type": "object"],
                "content_type": string, "size": integer,
            ], required: ["_id", "tag", "filename", "metadata", "content_type", "size"]),
        "User": object(
            [
                "_id": id, "username": string, "discriminator": string, "display_name": string, "avatar": ref("File"),
                "status": object(["text": string, "presence": string]), "bot": object(["owner": id]),
                "relationship": string, "online": boolean,
            ], required: ["_id", "username", "discriminator", "relationship", "online"]),
        "Override": object(["a": integer, "d": integer], required: ["a", "d"]),
        "Role": object(
            ["name": string, "permissions": ref("Override"), "colour": string, "hoist": boolean, "rank": integer],
            required: ["name", "permissions", "rank"]),
        "Server": object(
            [
                "_id": id, "owner": id, "name": string, "description": string,
                // Ids; the channel objects themselves with `?include_channels=true`.
                "channels": array(["oneOf": [id, ref("Channel")]]),
                "roles": ["type": "object", "additionalProperties": ref("Role")], "default_permissions": integer,
                "icon": ref("File"), "banner": ref("File"),
            ], required: ["_id", "owner", "name", "channels", "default_permissions"]),
        "Channel": object(
            [
                "_id": id,
                "channel_type": [
                    "type": "string", "enum": ["SavedMessages", "DirectMessage", "Group", "TextChannel"],
                ],
                "name": string, "server": id, "owner": id, "user": id, "recipients": array(id), "description": string,
                "last_message_id": id, "default_permissions": ref("Override"),
                "role_permissions": ["type": "object", "additionalProperties": ref("Override")],
            ], required: ["_id", "channel_type"]),
        "Member": object(
            [
                "_id": object(["server": id, "user": id], required: ["server", "user"]), "joined_at": string,
                "nickname": string, "avatar": ref("File"), "roles": array(id), "timeout": string,
            ], required: ["_id", "joined_at", "roles"]),
        "Message": object(
            [
                "_id": id, "nonce": string, "channel": id, "author": id, "user": ref("User"), "member": ref("Member"),
                "webhook": object(["name": string, "avatar": string]),
                "content": string, "attachments": array(ref("File")), "edited": string,
                "embeds": array(["type": "object"]), "mentions": array(id), "replies": array(id),
                "reactions": ["type": "object", "additionalProperties": array(id)],
                "masquerade": object(["name": string, "avatar": string, "colour": string]), "pinned": boolean,
            ], required: ["_id", "channel", "author"]),
        "Invite": object(
            ["type": string, "_id": string, "server": id, "creator": id, "channel": id],
            required: ["type", "_id", "server", "creator", "channel"]),
        "Bot": object(
            [
                "_id": id, "owner": id, "token": string, "public": boolean, "analytics": boolean,
                "discoverable": boolean, "interactions_url": string, "terms_of_service_url": string,
                "privacy_policy_url": string, "flags": integer, "public_key": string,
            ], required: ["_id", "owner", "token", "public"]),
        "PublicBot": object(
            ["_id": id, "username": string, "avatar": string, "description": string],
            required: ["_id", "username"]),
        "Webhook": object(
            [
                "id": id, "name": string, "avatar": ref("File"), "creator_id": id, "channel_id": id,
                "permissions": integer, "token": string,
            ], required: ["id", "name", "creator_id", "channel_id", "permissions"]),
        "Session": object(["_id": string, "user_id": id, "name": string], required: ["_id", "user_id", "name"]),
        "Unread": object(
            [
                "_id": object(["channel": id, "user": id], required: ["channel", "user"]), "last_id": id,
                "mentions": array(id),
            ], required: ["_id", "mentions"]),
        "Ban": object(["_id": object(["server": id, "user": id]), "reason": string], required: ["_id"]),
        "Node": object(
            [
                "revolt": string, "features": ["type": "object"], "ws": string, "app": string, "vapid": string,
                "build": ["type": "object"],
            ],
            required: ["revolt", "features", "ws", "app", "vapid", "build"]),
    ]

    /// `{permissions: …}`: an override for a role, a bare number for @everyone.
    static let permissionsBody = object(
        [
            "permissions": [
                "oneOf": [integer, object(["allow": integer, "deny": integer], required: ["allow", "deny"])]
            ]
        ], required: ["permissions"])
}
