import Logging
import RedisClient
import Synchronization

/// Runs one queue in this process: keeps up to `concurrency` jobs in flight, pulls the next entries only when
/// slots are free, reclaims entries abandoned by dead workers, and keeps the leases of its running jobs fresh.
struct JobProcessor: Sendable {
    let queue: QueueName
    let redis: RedisClient
    let keys: JobQueueKeys
    let registry: JobRegistry
    let settings: JobWorkerConfiguration
    let middleware: [any JobMiddleware]
    let stop: StopSignal
    let logger: Logger
    let running: InFlightJobs
    let deadlines = JobDeadlines()

    init(
        queue: QueueName,
        redis: RedisClient,
        keys: JobQueueKeys,
        registry: JobRegistry,
        settings: JobWorkerConfiguration,
        middleware: [any JobMiddleware],
        stop: StopSignal,
        logger: Logger
    ) {
        self.queue = queue
        self.redis = redis
        self.keys = keys
        self.registry = registry
        self.settings = settings
        self.middleware = middleware
        self.stop = stop
        var logger = logger
        logger[metadataKey: "queue"] = "\(queue)"
        self.logger = logger
        self.running = InFlightJobs(capacity: settings.concurrency)
    }

    var stream: String { keys.stream(queue) }

    /// The whole lifetime: returns after a stop once running jobs finished or were handed back.
    func run() async {
        let batcher = OutcomeBatcher(redis: redis, keys: keys, queue: queue, settings: settings, logger: logger)
        stop.onStop { running.close() }
        await withDiscardingTaskGroup { services in
            services.addTask { await batcher.run() }
            services.addTask { await keepLeases() }
            services.addTask { await deadlines.watch() }
            await withDiscardingTaskGroup { jobs in
                await pull(into: &jobs, batcher: batcher)
                await drain(jobs: &jobs)
            }
            deadlines.finish()
            batcher.finish()
        }
        logger.debug("queue processor stopped")
    }

    /// Reads entries (its own unanswered ones first, then reclaimed ones when a reclaim pass is due, then new ones)
    /// and starts a task per entry.
    private func pull(into jobs: inout DiscardingTaskGroup, batcher: OutcomeBatcher) async {
        let reader = BlockingReader(redis: redis, stop: stop)
        defer { reader.close() }
        var failures = 0
        var groupReady = false
        var reclaimCursor = "0-0"
        var nextReclaim = ContinuousClock.now
        // Entries Redis delivered to this consumer whose reply never arrived (the connection dropped) are pending
        // in its name; they are read again (`XREADGROUP … 0`) at start and after every read error.
        var ownPendingCursor: String? = "0"
        let reclaimInterval = settings.visibilityTimeout / 2
        while !stop.isStopped {
            guard await running.waitForFreeSlots() > 0 else { break }
            // Jobs that finish together free their slots one by one; letting those already runnable end first
            // makes one read of many entries instead of many reads of one (the count is taken after the yield).
            await Task.yield()
            let free = running.free
            guard free > 0, !stop.isStopped else { break }
            do {
                if !groupReady {
                    try await redis.xgroupCreate(stream, group: keys.group)
                    groupReady = true
                }
                var entries: [StreamEntry] = []
                if let cursor = ownPendingCursor {
                    let own = try await redis.xreadgroup(
                        group: keys.group, consumer: settings.consumerName, stream: stream, id: cursor, count: free)
                    ownPendingCursor = own.count < free ? nil : own.last?.id
                    let runningNow = Set(running.ids)
                    entries = own.filter { !runningNow.contains($0.id) }
                }
                if entries.isEmpty && ContinuousClock.now >= nextReclaim {
                    (entries, reclaimCursor) = try await reclaim(count: free, from: reclaimCursor, batcher: batcher)
                    if reclaimCursor == "0-0" { nextReclaim = .now + reclaimInterval }
                }
                if entries.isEmpty {
                    let connection = try await reader.connection()
                    entries = try await redis.xreadgroup(
                        group: keys.group, consumer: settings.consumerName, stream: stream, count: free,
                        block: settings.readBlock, on: connection)
                }
                failures = 0
                for entry in entries {
                    running.start(entry.id)
                    jobs.addTask {
                        await execute(entry, batcher: batcher)
                        running.finish(entry.id)
                    }
                }
            } catch {
                guard !stop.isStopped, !Task.isCancelled else { break }
                reader.close()
                ownPendingCursor = "0"
                if let error = error as? RedisError, error.serverCode == "NOGROUP" { groupReady = false }
                failures += 1
                if failures == 1 || failures % 30 == 0 {
                    logger.warning("reading the queue failed; retrying", metadata: ["error": "\(error)"])
                }
                await stop.sleep(for: .milliseconds(min(100 << min(failures, 5), 2000)))
            }
        }
    }

    /// After a stop: waits up to the grace period for running jobs, then cancels the rest, which hand their
    /// entries back to the queue.
    private func drain(jobs: inout DiscardingTaskGroup) async {
        let deadline = ContinuousClock.now + settings.shutdownGrace
        if running.count > 0 {
            logger.info("waiting for running jobs", metadata: ["jobs": "\(running.count)"])
        }
        while running.count > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if running.count > 0 {
            logger.warning("grace period over; handing running jobs back", metadata: ["jobs": "\(running.count)"])
            running.beginHandingBack()
            jobs.cancelAll()
        }
    }

    /// Refreshes the idle time of running entries (`XCLAIM … JUSTID`) so that a long job is not mistaken for
    /// one abandoned by a dead worker.
    private func keepLeases() async {
        let interval = settings.visibilityTimeout / 3
        while !stop.isStopped {
            await stop.sleep(for: interval)
            let ids = running.ids
            guard !ids.isEmpty, !Task.isCancelled else { continue }
            let arguments: [any RESPArgumentConvertible] =
                [stream, keys.group, settings.consumerName, 0] + ids + ["JUSTID"]
            do {
                _ = try await redis.send(RedisCommand("XCLAIM", arguments))
            } catch {
                logger.warning("refreshing job leases failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// The dedicated connection a processor blocks on in `XREADGROUP`; a stop closes it so the read returns at once.
final class BlockingReader: Sendable {
    private let redis: RedisClient
    private let stop: StopSignal
    private let current = Mutex<RedisConnection?>(nil)

    init(redis: RedisClient, stop: StopSignal) {
        self.redis = redis
        self.stop = stop
        stop.onStop { [weak self] in self?.close() }
    }

    func connection() async throws -> RedisConnection {
        if let connection = current.withLock({ $0 }), connection.isActive { return connection }
        let connection = try await redis.makeDedicatedConnection()
        current.withLock { $0 = connection }
        if stop.isStopped { close() }
        return connection
    }

    func close() {
        let connection = current.withLock { connection -> RedisConnection? in
            defer { connection = nil }
            return connection
        }
        connection?.closeSoon()
    }
}
