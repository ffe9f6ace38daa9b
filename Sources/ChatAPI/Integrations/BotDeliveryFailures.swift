import Foundation
import HTTPSupport
import RedisClient

/// Deliveries given up on, kept per bot in Redis (the newest `kept`) for its owner to see.
struct BotDeliveryFailures: Sendable {
    let redis: RedisClient
    let prefix: String
    var kept = 100

    struct Failure: Codable, Sendable, Equatable {
        var eventID: String
        var eventType: String
        var url: String
        var attempts: Int
        var error: String
        var failedAt: Date

        enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
            case eventType = "event_type"
            case url, attempts, error
            case failedAt = "failed_at"
        }
    }

    func key(_ botID: String) -> String { prefix + ":bot-failures:" + botID }

    func record(_ failure: Failure, botID: String) async throws {
        let text = String(decoding: try JSONCoding.encode(failure), as: UTF8.self)
        try await redis.send("LPUSH", key(botID), text)
        try await redis.send("LTRIM", key(botID), 0, kept - 1)
        try await redis.send("EXPIRE", key(botID), 30 * 24 * 3600)
    }

    /// Newest first.
    func list(botID: String) async throws -> [Failure] {
        let reply = try await redis.send("LRANGE", key(botID), 0, kept - 1)
        return (reply.array ?? []).compactMap { $0.bytes }.compactMap {
            try? JSONCoding.decoder.decode(Failure.self, from: Data($0))
        }
    }

    func clear(botID: String) async throws {
        try await redis.send("DEL", key(botID))
    }
}
