import EventBus
import Foundation
import HTTPSupport
import Identity
import JobQueue
import Logging
import RedisClient
import ServiceLifecycle

/// Turns the events stream into signed deliveries: reads it in its own consumer group (`bot-deliveries`, so any
/// number of API processes share the work and each event is routed once), finds the bots with an
/// `interactions_url` that may see each event — by the same permission function the gateway uses — and queues one
/// `bot.deliver` job per bot and event. An entry is acknowledged once its jobs are queued; one left unacknowledged
/// by a process that died is claimed by another after `reclaimAfter`.
public struct BotEventDispatcher: Service {
    let chat: ChatDependencies
    let group: String
    let consumer = "dispatcher-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let reclaimAfter: Duration

    public init(chat: ChatDependencies) {
        self.init(chat: chat, group: "bot-deliveries", reclaimAfter: .seconds(60))
    }

    init(chat: ChatDependencies, group: String, reclaimAfter: Duration) {
        self.chat = chat
        self.group = group
        self.reclaimAfter = reclaimAfter
    }

    var stream: String { chat.events.stream }
    var redis: RedisClient { chat.redis }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Created at the stream's end: bots receive what happens after deliveries were first enabled.
                    try await redis.xgroupCreate(stream, group: group, startID: "$")
                    try await redis.withDedicatedConnection { connection in
                        var lastReclaim = ContinuousClock.now
                        while !Task.isCancelled {
                            let entries = try await redis.xreadgroup(
                                group: group, consumer: consumer, stream: stream, count: 100, block: .seconds(2),
                                on: connection)
                            try await route(entries)
                            if ContinuousClock.now - lastReclaim > reclaimAfter / 2 {
                                lastReclaim = ContinuousClock.now
                                try await reclaim()
                            }
                        }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    chat.logger.warning("bot deliveries: events stream unreadable", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Entries another dispatcher read and never acknowledged.
    func reclaim() async throws {
        let claimed = try await redis.xautoclaim(
            stream, group: group, consumer: consumer, minIdle: reclaimAfter, count: 100)
        try await route(claimed.entries)
    }

    func route(_ entries: [StreamEntry]) async throws {
        guard !entries.isEmpty else { return }
        let endpoints = try await chat.store.botsWithEndpoints()
        if !endpoints.isEmpty {
            for entry in entries {
                guard let event = Event(entry: entry) else { continue }
                for bot in try await recipients(of: event, among: Set(endpoints.keys)) {
                    try await queue(event, id: entry.id, to: bot)
                }
            }
        }
        try await redis.xack(stream, group: group, ids: entries.map(\.id))
    }

    /// The bots among `bots` that would receive the event on a gateway socket; a bot's own messages are not sent
    /// back to it. Each topic first narrows the bots to those it concerns (one query for a server's members), so the
    /// cost follows the bots in the server, not every bot with an endpoint.
    func recipients(of event: Event, among bots: Set<String>) async throws -> [String] {
        var found: Set<String> = []
        for topic in event.topics {
            let parts = topic.name.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            found.formUnion(try await recipients(kind: parts[0], id: parts[1], among: bots.subtracting(found)))
        }
        if event.type == "Message",
            let author = (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(event.body)))?["author"]?.string
        {
            found.remove(author)
        }
        return found.sorted()
    }

    func recipients(kind: String, id: String, among bots: Set<String>) async throws -> Set<String> {
        guard !bots.isEmpty else { return [] }
        switch kind {
        case "user", "private":
            return bots.contains(id) ? [id] : []
        case "server":
            return Set(try await chat.store.memberIDs(serverID: id, among: Array(bots)))
        case "channel":
            guard let channel = try await chat.store.channel(id: id) else { return [] }
            let candidates: [String]
            if let server = channel.server {
                candidates = try await chat.store.memberIDs(serverID: server, among: Array(bots))
            } else {
                candidates =
                    (channel.recipients ?? []).filter(bots.contains)
                    + [channel.user].compactMap { $0 }.filter(
                        bots.contains)
            }
            var seeing: Set<String> = []
            for bot in candidates where try await sees(channelID: id, bot: bot) { seeing.insert(bot) }
            return seeing
        default:
            return []
        }
    }

    /// Whether the bot may see the channel, by the permission function every route uses.
    func sees(channelID: String, bot: String) async throws -> Bool {
        do {
            _ = try await chat.channelAccess(channelID, caller: Caller(userID: bot, isBot: true, sessionID: ""))
            return true
        } catch let error as APIError where error.status == .notFound {
            return false
        }
    }

    func queue(_ event: Event, id: String, to bot: String) async throws {
        let now = Date.now
        let delivery = BotDelivery(
            botID: bot, eventID: id, eventType: event.type,
            body: BotDelivery.envelope(botID: bot, eventID: id, event: event.body, at: now),
            createdAt: now.millisecondsSince1970)
        _ = try await chat.jobs.enqueue(
            delivery, options: JobOptions(idempotencyKey: delivery.idempotencyKey, uniqueFor: .seconds(3600)))
    }
}
