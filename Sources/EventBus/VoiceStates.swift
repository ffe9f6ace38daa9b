import RedisClient

/// Who is in which voice channel, as LiveKit's webhooks report it: one hash per channel
/// (`<prefix>:voice:<channel>`, user → its state as JSON). The chat API writes it; the gateway reads it into
/// `Ready.voice_states`.
public struct VoiceStates: Sendable {
    let redis: RedisClient
    let prefix: String

    public init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix + ":voice:"
    }

    func key(_ channelID: String) -> String { prefix + channelID }

    /// Records the user's state (JSON) in the channel; true when it was not there before.
    @discardableResult
    public func join(channelID: String, userID: String, state: [UInt8]) async throws -> Bool {
        let added = try await redis.send("HSET", key(channelID), userID, state)
        return (added.int ?? 0) > 0
    }

    /// Removes the user from the channel; true when it was there.
    @discardableResult
    public func leave(channelID: String, userID: String) async throws -> Bool {
        (try await redis.send("HDEL", key(channelID), userID).int ?? 0) > 0
    }

    /// Empties the channel (its room finished); returns who was in it.
    public func clear(channelID: String) async throws -> [String] {
        let users = try await redis.send("HKEYS", key(channelID)).array?.compactMap(\.string) ?? []
        try await redis.send("DEL", key(channelID))
        return users
    }

    /// The states of the users in each channel that has any, as JSON: one round trip for every channel.
    public func states(channelIDs: [String]) async throws -> [(channelID: String, states: [[UInt8]])] {
        guard !channelIDs.isEmpty else { return [] }
        let replies = try await redis.pipeline(channelIDs.map { RedisCommand("HVALS", key($0)) })
        return try zip(channelIDs, replies).compactMap { channelID, reply in
            let values = try reply.get().array?.compactMap(\.bytes) ?? []
            return values.isEmpty ? nil : (channelID, values)
        }
    }
}
