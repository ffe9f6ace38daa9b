import Crypto
import EventBus
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import NIOCore

/// Voice through LiveKit: `POST /channels/{id}/join_call` hands a member a token for the channel's room, and
/// LiveKit's webhooks (`POST /livekit/webhook`) tell who joined and left, as `VoiceChannelJoin` /
/// `VoiceChannelLeave` events and the voice states in the gateway's `Ready`.
struct VoiceRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Joined: Encodable, Sendable {
        var token: String
        var url: String
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("channels/:channel/join_call") { _, context in try await joinCall(context) }
        group.post("livekit/webhook") { request, _ in try await webhook(request) }
    }

    static func unconfigured() -> APIError {
        APIError(
            .badRequest, "VoiceUnavailable",
            ["error": .string("voice is not configured: set voice.livekit_url, voice.api_key and voice.api_secret")])
    }

    func joinCall(_ context: Context) async throws -> JSONBody<Joined> {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        guard let voice = chat.settings.voice else { throw Self.unconfigured() }
        switch access.channel.channelType {
        case .textChannel where access.channel.voice != nil, .directMessage, .group: break
        default: throw APIError(.badRequest, "NotAVoiceChannel")
        }
        try access.require(.connect)
        let user = try await chat.store.user(id: caller.userID)
        let name = access.member?.nickname ?? user?.displayName ?? user?.username ?? caller.userID
        let grant = LiveKitGrant(
            room: access.channel.id, identity: caller.userID, name: name, permissions: access.permissions)
        return JSONBody(Joined(token: try grant.token(voice), url: voice.livekitURL))
    }

    /// LiveKit's webhook: the `Authorization` header holds a JWT signed with the API secret whose `sha256` claim is
    /// the body's hash. Anything unsigned, expired, signed by another key or not matching the body is refused
    /// before the body is read as an event.
    func webhook(_ request: Request) async throws -> HTTPResponse.Status {
        guard let voice = chat.settings.voice else { throw Self.unconfigured() }
        let body = try await request.bodyBytes(limit: 1 << 20)
        var authorization = request.headers[.authorization] ?? ""
        if authorization.hasPrefix("Bearer ") { authorization.removeFirst(7) }
        let claims: [String: JSONValue]
        do {
            claims = try HS256Token.verify(authorization, secret: voice.apiSecret)
        } catch let failure as HS256Token.Failure {
            throw Self.unauthorized(failure.description)
        }
        guard claims["iss"]?.string == voice.apiKey else { throw Self.unauthorized("the token is for another API key") }
        let hash = Data(SHA256.hash(data: body)).base64EncodedString()
        guard claims["sha256"]?.string == hash else { throw Self.unauthorized("the body does not match the token") }
        let event = try Request.decodeJSON(as: JSONValue.self, from: body)
        try await apply(event)
        return .ok
    }

    static func unauthorized(_ reason: String) -> APIError {
        APIError(.unauthorized, "InvalidSignature", ["error": .string(reason)])
    }

    /// A participant's arrival or departure, or a room's end, recorded and published to the channel.
    func apply(_ event: JSONValue) async throws {
        guard let kind = event["event"]?.string, let room = event["room"]?["name"]?.string, ULID.isValid(room) else {
            return
        }
        let states = VoiceStates(redis: chat.redis, prefix: chat.settings.keyPrefix)
        let identity = event["participant"]?["identity"]?.string ?? ""
        switch kind {
        case "participant_joined":
            guard ULID.isValid(identity), try await chat.store.channel(id: room) != nil,
                try await chat.store.user(id: identity) != nil
            else { return }
            let joinedAt =
                (event["participant"]?["joinedAt"]?.string).flatMap(Int64.init)
                .map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? .now
            let state = VoiceState(
                id: identity, joinedAt: joinedAt, isReceiving: true, isPublishing: false, screensharing: false,
                camera: false)
            guard try await states.join(channelID: room, userID: identity, state: JSONCoding.encode(state)) else {
                return
            }
            await chat.publish("VoiceChannelJoin", ChannelJoin(id: room, state: state), to: [.channel(room)])
        case "participant_left":
            guard try await states.leave(channelID: room, userID: identity) else { return }
            await chat.publish("VoiceChannelLeave", ChannelLeave(id: room, user: identity), to: [.channel(room)])
        case "room_finished":
            for user in try await states.clear(channelID: room) {
                await chat.publish("VoiceChannelLeave", ChannelLeave(id: room, user: user), to: [.channel(room)])
            }
        default:
            return
        }
    }

    /// Revolt's `UserVoiceState`.
    struct VoiceState: Encodable, Sendable {
        var id: String
        var joinedAt: Date
        var isReceiving: Bool
        var isPublishing: Bool
        var screensharing: Bool
        var camera: Bool

        enum CodingKeys: String, CodingKey {
            case id
            case joinedAt = "joined_at"
            case isReceiving = "is_receiving"
            case isPublishing = "is_publishing"
            case screensharing, camera
        }
    }

    struct ChannelJoin: Encodable, Sendable {
        var id: String
        var state: VoiceState
    }

    struct ChannelLeave: Encodable, Sendable {
        var id: String
        var user: String
    }
}
