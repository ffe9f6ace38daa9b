import EventBus
import Foundation
import Logging
import RedisClient
import ServiceLifecycle
import Storage
import Synchronization

/// The process's one reader of the events stream: it tails the stream (every gateway process does, so an event
/// reaches every socket on any of them) and hands each event to the sockets following one of its topics. Handing
/// over never waits: each socket has its own bounded queue.
public final class GatewayHub: Service {
    let redis: RedisClient
    let stream: String
    let logger: Logger
    let presence: Presence
    /// Who is in which voice channel (LiveKit's webhooks, through the API): `Ready.voice_states`.
    let voiceStates: VoiceStates
    /// Where the users of a dead process are announced offline once their sockets lapse.
    let events: EventBus?
    /// How many sockets build their `Ready` at once; the others wait their turn (a reconnect storm).
    let readyBuilds = MemoryBudget(limit: 16)
    private let subscribers = Mutex<[ObjectIdentifier: Subscriber]>([:])
    /// Every open socket's clock input: one task ticks them all each second, instead of a sleeping task per socket.
    private let clocks = Mutex<[UUID: @Sendable () -> Void]>([:])

    public init(
        redis: RedisClient, prefix: String, presenceLifetime: Duration = .seconds(30), events: EventBus? = nil,
        logger: Logger
    ) {
        self.redis = redis
        self.events = events
        self.stream = prefix + ":events"
        self.presence = Presence(redis: redis, prefix: prefix, lifetime: presenceLifetime)
        self.voiceStates = VoiceStates(redis: redis, prefix: prefix)
        self.logger = logger
    }

    func add(_ subscriber: Subscriber) {
        subscribers.withLock { $0[ObjectIdentifier(subscriber)] = subscriber }
        GatewayMetrics.authenticated.record(connections)
    }

    func remove(_ subscriber: Subscriber) {
        subscribers.withLock { $0[ObjectIdentifier(subscriber)] = nil }
        subscriber.finish()
        GatewayMetrics.authenticated.record(connections)
    }

    /// The newest position of the events stream (`0-0` when it is empty).
    func lastPosition() async throws -> StreamPosition {
        try await redis.xrevrange(stream, count: 1).first.flatMap { StreamPosition($0.id) } ?? .start
    }

    /// The oldest position the stream still holds; nil when it is empty.
    func firstPosition() async throws -> StreamPosition? {
        try await redis.xrange(stream, count: 1).first.flatMap { StreamPosition($0.id) }
    }

    /// Events after `position`, oldest first.
    func events(after position: StreamPosition, count: Int) async throws -> [HubEvent] {
        try await redis.xrange(stream, start: "(" + position.description, count: count).compactMap(Self.event)
    }

    static func event(_ entry: StreamEntry) -> HubEvent? {
        guard let type = entry["type"], let topics = entry["topics"], let body = entry.bytes("body") else { return nil }
        return HubEvent(id: entry.id, type: type, topics: topics.split(separator: " ").map(String.init), body: body)
    }

    /// Sockets connected to this process.
    public var connections: Int { subscribers.withLock { $0.count } }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            // Both loops end only when cancelled (shutdown): that is a clean stop, not a failure of the service.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.renewPresence() }
                group.addTask { await withTaskExecutorPreference(FanOutExecutor.shared) { await self.tail() } }
                group.addTask { await self.tickClocks() }
                await group.next()
                group.cancelAll()
            }
        }
        for subscriber in subscribers.withLock({ Array($0.values) }) { subscriber.finish() }
    }

    /// Registers a socket's clock input, called once a second until `removeClock`.
    func addClock(_ key: UUID, _ tick: @escaping @Sendable () -> Void) {
        clocks.withLock { $0[key] = tick }
    }

    func removeClock(_ key: UUID) {
        clocks.withLock { $0[key] = nil }
    }

    /// Ticks every socket's clock once a second (timeouts are checked at that granularity).
    func tickClocks() async {
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
            for tick in clocks.withLock({ Array($0.values) }) { tick() }
        }
    }

    /// Keeps this process's sockets online in the shared presence records, and announces offline the users whose
    /// sockets lapsed because their process died (every gateway sweeps; each user is reported to one of them).
    func renewPresence() async {
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: presence.renewal)) != nil else { return }
            let sockets = subscribers.withLock { $0.values.map { ($0.userID, $0.socket) } }
            do {
                try await presence.renew(sockets)
                try await announceLapsed()
            } catch {
                logger.warning("presence not renewed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// `UserUpdate {online: false}` for each user whose last socket lapsed; how many there were.
    @discardableResult
    func announceLapsed() async throws -> Int {
        guard let events else { return 0 }
        let lapsed = try await presence.lapsed()
        for user in lapsed { await events.publish(Self.presenceChange(userID: user, online: false)) }
        return lapsed.count
    }

    /// The event that tells everyone who knows a user (its `user:` topic) that it came online or went offline.
    static func presenceChange(userID: String, online: Bool) -> Event {
        let body = #"{"clear":[],"data":{"online":\#(online)},"id":"\#(userID)","type":"UserUpdate"}"#
        return Event(type: "UserUpdate", topics: [.user(userID)], body: Array(body.utf8))
    }

    /// Reads the events stream on a connection of its own from its newest entry on, handing out each event.
    func tail() async {
        var last = (try? await self.redis.xrevrange(self.stream, count: 1).first?.id) ?? "0"
        while !Task.isCancelled {
            do {
                try await self.redis.withDedicatedConnection { connection in
                    while !Task.isCancelled {
                        let entries = try await self.redis.xread(
                            stream: self.stream, after: last, count: 500, block: .seconds(2), on: connection)
                        if let newest = entries.last { last = newest.id }
                        self.dispatch(entries)
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                self.logger.warning("events stream unreadable; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Hands a batch of events to the sockets following them: frames every socket takes as they are are written
    /// straight, a hop per event loop for the whole batch; the rest go through each socket's queue.
    func dispatch(_ entries: [StreamEntry]) {
        let everyone = subscribers.withLock { Array($0.values) }
        var direct = DirectWrites()
        for entry in entries {
            guard let event = Self.event(entry) else { continue }
            for target in everyone where target.follows(any: event.topics) {
                if case .direct(let frame) = target.deliver(event, beforeQueueing: { direct.submit() }) {
                    direct.add(target, frame: frame, of: event)
                }
            }
        }
        direct.submit()
    }
}
