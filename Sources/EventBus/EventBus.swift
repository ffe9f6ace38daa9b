import DequeModule
import Logging
import RedisClient
import ServiceLifecycle
import Synchronization

/// Publishes events on one Redis stream (`<prefix>:events`), the broker every gateway and every operator's consumer
/// group reads. An event is published after the change it reports has committed; while Redis cannot take it, it
/// waits in an in-process outbox (in order, bounded) and the service retries with backoff, so an acknowledged
/// change does not lose its event to a brief Redis outage.
public final class EventBus: Service {
    public let redis: RedisClient
    /// The stream's key.
    public let stream: String
    let maxLength: Int
    let outboxLimit: Int
    let logger: Logger
    private let outbox = Mutex<Deque<Event>>([])
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    public init(
        redis: RedisClient, prefix: String, maxLength: Int = 1_000_000, outboxLimit: Int = 100_000, logger: Logger
    ) {
        self.redis = redis
        self.stream = prefix + ":events"
        self.maxLength = maxLength
        self.outboxLimit = outboxLimit
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Publishes `event`; returns its stream id, or nil when it was queued in the outbox for a later attempt.
    @discardableResult
    public func publish(_ event: Event) async -> String? {
        if outbox.withLock({ !$0.isEmpty }) {
            enqueue(event)
            return nil
        }
        do {
            return try await append(event)
        } catch {
            logger.warning(
                "event publish failed; kept for retry", metadata: ["type": "\(event.type)", "error": "\(error)"])
            enqueue(event)
            return nil
        }
    }

    /// Events waiting for Redis.
    public var pending: Int { outbox.withLock { $0.count } }

    /// Retries the outbox until shutdown, oldest first, backing off while Redis refuses.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.wakes {
                await self.drain()
            }
        }
        await drain(giveUpOnFailure: true)
    }

    private func enqueue(_ event: Event) {
        let dropped = outbox.withLock { queue -> Bool in
            queue.append(event)
            guard queue.count > outboxLimit else { return false }
            queue.removeFirst()
            return true
        }
        if dropped { logger.error("event outbox full; the oldest event was dropped") }
        wake.yield()
    }

    private func drain(giveUpOnFailure: Bool = false) async {
        var backoff = Duration.milliseconds(50)
        while let next = outbox.withLock({ $0.first }) {
            do {
                _ = try await append(next)
                outbox.withLock { _ = $0.popFirst() }
                backoff = .milliseconds(50)
            } catch {
                if giveUpOnFailure || Task.isCancelled {
                    logger.error("events not published at shutdown", metadata: ["count": "\(pending)"])
                    return
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
            }
        }
    }

    private func append(_ event: Event) async throws -> String {
        try await redis.xadd(
            stream, fields: event.fields.map { ($0.0, $0.1 as any RESPArgumentConvertible) },
            trim: .approximateMaxLength(maxLength))
    }
}
