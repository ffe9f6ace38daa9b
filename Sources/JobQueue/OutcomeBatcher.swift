import Logging
import RedisClient
import Synchronization

/// Writes finished runs to Redis in batches: everything that finished while the previous write was in flight
/// goes out in the next pipeline, successes sharing one `XACK`. A failed write is retried; if Redis stays away
/// the entries remain pending and are reclaimed later (at-least-once, never lost).
final class OutcomeBatcher: Sendable {
    private let redis: RedisClient
    private let keys: JobQueueKeys
    private let queue: QueueName
    private let settings: JobWorkerConfiguration
    private let logger: Logger
    private let buffer = Mutex<[JobOutcome]>([])
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(redis: RedisClient, keys: JobQueueKeys, queue: QueueName, settings: JobWorkerConfiguration, logger: Logger) {
        self.redis = redis
        self.keys = keys
        self.queue = queue
        self.settings = settings
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ outcome: JobOutcome) {
        buffer.withLock { $0.append(outcome) }
        signal.yield()
    }

    /// Ends `run` once what is buffered is written.
    func finish() { signal.finish() }

    func run() async {
        for await _ in signals {
            await flush(finalFlush: false)
        }
        await flush(finalFlush: true)
    }

    private func flush(finalFlush: Bool) async {
        var failures = 0
        while true {
            let batch = buffer.withLock { buffer -> [JobOutcome] in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            guard !batch.isEmpty else { return }
            do {
                let replies = try await redis.pipeline(commands(for: batch))
                for case .failure(let error) in replies {
                    logger.error(
                        "recording a job outcome failed", metadata: ["queue": "\(queue)", "error": "\(error)"])
                }
                return
            } catch {
                failures += 1
                buffer.withLock { $0.insert(contentsOf: batch, at: 0) }
                if finalFlush && (failures >= 5 || Task.isCancelled) {
                    logger.error(
                        "cannot record finished jobs; they stay pending and will be reclaimed",
                        metadata: ["queue": "\(queue)", "jobs": "\(batch.count)", "error": "\(error)"]
                    )
                    return
                }
                if failures == 1 || failures % 20 == 0 {
                    logger.warning(
                        "recording finished jobs failed; retrying",
                        metadata: ["queue": "\(queue)", "jobs": "\(batch.count)", "error": "\(error)"]
                    )
                }
                try? await Task.sleep(for: .milliseconds(100 * min(failures, 10)))
                if Task.isCancelled && !finalFlush { return }
            }
        }
    }

    func commands(for batch: [JobOutcome]) -> [RedisCommand] {
        let stream = keys.stream(queue)
        var commands: [RedisCommand] = []
        var acknowledged: [any RESPArgumentConvertible] = [stream, keys.group]
        let now = WallClock.nowMilliseconds()
        for outcome in batch {
            switch outcome.kind {
            case .succeeded(let output):
                acknowledged.append(outcome.entryID)
                if let header = outcome.header, let ttl = header.resultTTLMilliseconds {
                    commands += resultCommands(header.id, value: Array("ok\n".utf8) + output, ttl: ttl)
                }
            case .retrying(let next, let due, _):
                commands += atomically(
                    RedisCommand(
                        "ZADD", keys.delayed(queue), due, Array(next.encoded.utf8) + [0x0A] + outcome.parameters),
                    RedisCommand("XACK", stream, keys.group, outcome.entryID)
                )
            case .dead(let error):
                commands += atomically(
                    RedisClient.xaddCommand(
                        keys.dead(queue),
                        fields: [
                            ("h", outcome.headerText), ("p", outcome.parameters), ("error", error),
                            ("job", outcome.header?.id.rawValue ?? ""), ("entry", outcome.entryID), ("failed_at", now),
                        ],
                        trim: .approximateMaxLength(settings.deadMaxLength)
                    ),
                    RedisCommand("XACK", stream, keys.group, outcome.entryID)
                )
                if let header = outcome.header, let ttl = header.resultTTLMilliseconds {
                    commands += resultCommands(header.id, value: Array("failed\n\(error)".utf8), ttl: ttl)
                }
            case .handedBack:
                commands += atomically(
                    RedisClient.xaddCommand(stream, fields: [("h", outcome.headerText), ("p", outcome.parameters)]),
                    RedisCommand("XACK", stream, keys.group, outcome.entryID)
                )
            }
            if settings.publishEvents, let event = JobEvent(outcome, queue: queue, at: now) {
                commands.append(
                    RedisClient.xaddCommand(
                        keys.events, fields: event.fields, trim: .approximateMaxLength(settings.eventsMaxLength))
                )
            }
        }
        if acknowledged.count > 2 { commands.append(RedisCommand("XACK", acknowledged)) }
        return commands
    }

    private func atomically(_ first: RedisCommand, _ second: RedisCommand) -> [RedisCommand] {
        [RedisCommand("MULTI"), first, second, RedisCommand("EXEC")]
    }

    private func resultCommands(_ id: JobID, value: [UInt8], ttl: Int) -> [RedisCommand] {
        [RedisCommand("SET", keys.result(id), value, "PX", ttl), RedisCommand("PUBLISH", keys.result(id), value)]
    }
}
