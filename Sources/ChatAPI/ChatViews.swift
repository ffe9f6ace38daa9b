import Foundation
import HTTPSupport
import Storage

/// What a user can see, for the gateway: the `Ready` payload of a new connection and the topics it follows, and
/// the channels of a server it may view when roles or overrides change. Reads the chat API's records; the gateway
/// uses it as a library, never the API's routes.
public struct ChatViews: Sendable {
    let store: ChatStore

    public init(metadata: MetadataStore) {
        store = ChatStore(metadata: metadata)
    }

    init(store: ChatStore) {
        self.store = store
    }

    /// Revolt's `Ready`: the users the caller knows (itself last, as `relationship: "User"`), its servers, the
    /// channels it can see, its memberships, and emojis (none yet).
    public struct Ready: Encodable, Sendable {
        public var users: [UserObject]
        public var servers: [ServerObject]
        public var channels: [ChannelObject]
        public var members: [MemberObject]
        public var emojis: [JSONValue] = []
        /// Revolt's `ChannelVoiceState`s: `{id, participants: [UserVoiceState]}` for each voice channel in use.
        public var voiceStates: [JSONValue] = []

        enum CodingKeys: String, CodingKey {
            case users, servers, channels, members, emojis
            case voiceStates = "voice_states"
        }
    }

    /// The ready payload and what the connection follows: its own topics (`user`, `private`), each server's, each
    /// visible channel's, and each known user's.
    /// `topics` are the user's own, its private channels' and its known users'; `servers` maps each of its servers to
    /// the channels it can see there.
    public func ready(
        userID: String, now: Date = .now
    ) async throws -> (
        ready: Ready, topics: Set<String>, servers: [String: Set<String>]
    )? {
        guard let snapshot = try await store.readySnapshot(userID: userID) else { return nil }
        var me = snapshot.user
        me.online = true
        let servers = snapshot.servers.map(\.server)
        var channels = snapshot.servers.flatMap { part in
            Self.visible(part.channels, of: part.server, member: part.membership, userID: userID, now: now)
        }
        channels += snapshot.privateChannels
        let users = snapshot.knownUsers.map { $0.seen(by: userID) }
        var topics: Set<String> = ["user:" + userID, "private:" + userID]
        topics.formUnion(channels.filter { $0.server == nil }.map { "channel:" + $0.id })
        topics.formUnion(users.map { "user:" + $0.id })
        let serverChannels = Dictionary(grouping: channels.filter { $0.server != nil }, by: { $0.server ?? "" })
            .mapValues { Set($0.map(\.id)) }
        let followed = Dictionary(uniqueKeysWithValues: servers.map { ($0.id, serverChannels[$0.id] ?? []) })
        return (
            Ready(users: users + [me], servers: servers, channels: channels, members: snapshot.memberships), topics,
            followed
        )
    }

    /// The ids of the channels of `serverID` that `userID` can see now (none when it is no member).
    public func visibleChannelIDs(serverID: String, userID: String, now: Date = .now) async throws -> Set<String> {
        guard let (server, member) = try await store.serverAndMember(serverID: serverID, userID: userID),
            member != nil || server.owner == userID
        else { return [] }
        return Set(try await visibleChannels(of: server, member: member, userID: userID, now: now).map(\.id))
    }

    /// The ids of every channel of a server.
    public func channelIDs(serverID: String) async throws -> Set<String> {
        Set(try await store.channels(serverIDs: [serverID]).map(\.id))
    }

    /// A channel as JSON, for the `ChannelCreate` a socket gets when it comes to see a channel.
    public func channelJSON(id: String) async throws -> [UInt8]? {
        try await store.channel(id: id).map { try JSONCoding.encode($0) }
    }

    /// Whether `userID` may see `channelID` (a DM or group it is in, or a server channel it may view).
    public func canView(channelID: String, userID: String, now: Date = .now) async throws -> Bool {
        guard let channel = try await store.channel(id: channelID) else { return false }
        if let serverID = channel.server {
            return try await visibleChannelIDs(serverID: serverID, userID: userID, now: now).contains(channelID)
        }
        return channel.recipients?.contains(userID) == true || channel.user == userID
    }

    func visibleChannels(
        of server: ServerObject, member: MemberObject?, userID: String, now: Date
    ) async throws
        -> [ChannelObject]
    {
        Self.visible(
            try await store.channels(serverIDs: [server.id]), of: server, member: member, userID: userID, now: now)
    }

    /// Those of a server's `channels` that `userID` may view.
    static func visible(
        _ channels: [ChannelObject], of server: ServerObject, member: MemberObject?, userID: String, now: Date
    ) -> [ChannelObject] {
        let facts = ChatDependencies.facts(server: server, member: member, userID: userID)
        return channels.filter { channel in
            PermissionCalculator.channel(
                facts,
                .init(defaultOverride: channel.defaultPermissions, roleOverrides: channel.rolePermissions ?? [:]),
                now: now
            ).contains(.viewChannel)
        }
    }
}
