import Foundation
import HTTPSupport
import JobQueue
import RedisClient
import Storage

/// The job that delivers one event to one bot's `interactions_url`, signed with the bot's key. A failure (no
/// answer within 3 s, a status other than 2xx, a blocked address) is retried with backoff until the event is
/// `api.bot_delivery_window` old (10 minutes); then it is recorded where the bot's owner sees it
/// (`GET /bots/{id}/deliveries`).
public struct BotDelivery: JobParameters {
    public static let jobName = "bot.deliver"
    public static let queue: QueueName = .deliveries

    public var botID: String
    /// The event's position in the events stream: with the bot's id, what makes a delivery unique.
    public var eventID: String
    public var eventType: String
    /// The envelope as sent, signed as these exact bytes.
    public var body: String
    /// When the event happened, in milliseconds since 1970.
    public var createdAt: Int64

    public var idempotencyKey: String { "bot.deliver:\(botID):\(eventID)" }

    /// `{"type": "Event", "id", "bot", "timestamp", "event"}`: the Bonfire event as the bot's socket would get it.
    static func envelope(botID: String, eventID: String, event: [UInt8], at time: Date) -> String {
        let stamp = ISO8601DateFormatter.string(
            from: time, timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        return #"{"bot":"\#(botID)","event":"# + String(decoding: event, as: UTF8.self)
            + #","id":"\#(eventID)","timestamp":"\#(stamp)","type":"Event"}"#
    }
}

extension BotDelivery {
    /// Registers the handler in a worker (one with an outbound fetcher).
    public static func register(in registry: inout JobRegistry, chat: ChatDependencies) {
        guard let fetcher = chat.fetcher else { return }
        let endpoint = InteractionsEndpoint(fetcher: fetcher)
        let failures = BotDeliveryFailures(redis: chat.redis, prefix: chat.settings.keyPrefix)
        registry.register(
            BotDelivery.self, retry: RetryStrategy(maxAttempts: 40, baseDelay: .seconds(2), maxDelay: .seconds(120)),
            timeout: .seconds(10)
        ) { job, context in
            guard let bot = try await chat.store.bot(id: job.botID), let url = bot.interactionsURL,
                let stored = try await chat.store.signingKey(botID: job.botID),
                let key = InteractionSigner.privateKey(stored)
            else { return false }
            let failure: String
            do {
                let answer = try await endpoint.post(url, body: Array(job.body.utf8), key: key)
                if (200..<300).contains(answer.status) { return true }
                failure = "status \(answer.status)"
            } catch {
                failure = "\(error)"
            }
            let age = Date.now.millisecondsSince1970 - job.createdAt
            let window = Int64(chat.settings.botDeliveryWindow.wholeMilliseconds)
            guard age >= window || context.attempt >= context.maxAttempts else {
                throw DeliveryFailed(reason: failure)
            }
            try await failures.record(
                .init(
                    eventID: job.eventID, eventType: job.eventType, url: url, attempts: context.attempt,
                    error: failure, failedAt: Date.now), botID: job.botID)
            return false
        }
    }

    struct DeliveryFailed: Error, CustomStringConvertible {
        var reason: String
        var description: String { "delivery failed: \(reason)" }
    }
}
