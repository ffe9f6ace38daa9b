import Foundation

/// A LiveKit access token for one member in one voice channel: the room is the channel's id, the identity the
/// user's id, and what it may do follows the member's permissions there (`Connect` to join at all, `Speak` for the
/// microphone, `Video` for camera and screen, `Listen` to hear others).
struct LiveKitGrant: Sendable, Equatable {
    var room: String
    var identity: String
    var name: String
    var canPublish: Bool
    var canSubscribe: Bool
    var canPublishData: Bool
    var sources: [String]

    init(room: String, identity: String, name: String, permissions: Permissions) {
        self.room = room
        self.identity = identity
        self.name = name
        var sources: [String] = []
        if permissions.contains(.speak) { sources.append("microphone") }
        if permissions.contains(.video) { sources += ["camera", "screen_share", "screen_share_audio"] }
        self.sources = sources
        canPublish = !sources.isEmpty
        canSubscribe = permissions.contains(.listen)
        canPublishData = permissions.contains(.speak)
    }

    /// The JWT (HS256) LiveKit's server accepts: `iss` the API key, `sub` the identity, valid from now for
    /// `lifetime`.
    func token(_ settings: VoiceSettings, now: Date = .now) throws -> String {
        let issued = Int64(now.timeIntervalSince1970)
        var video: [String: JSONValue] = [
            "roomJoin": true, "room": .string(room), "canPublish": .bool(canPublish),
            "canSubscribe": .bool(canSubscribe), "canPublishData": .bool(canPublishData),
        ]
        if canPublish { video["canPublishSources"] = .array(sources.map(JSONValue.string)) }
        return try HS256Token.sign(
            [
                "iss": .string(settings.apiKey), "sub": .string(identity), "name": .string(name),
                "nbf": .int(issued), "iat": .int(issued),
                "exp": .int(issued + settings.tokenLifetime.components.seconds), "jti": .string(identity),
                "video": .object(video),
            ], secret: settings.apiSecret)
    }
}
