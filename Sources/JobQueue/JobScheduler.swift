import Logging
import RedisClient

/// The scheduler loop every worker process runs. Only the holder of a short lease in Redis does the shared work
/// (promoting due delayed jobs, firing recurring jobs, trimming streams), so it happens once whatever the number
/// of processes; if the holder dies, another takes the lease within its TTL. Every process refreshes its own
/// queue-depth gauges.
struct JobScheduler: Sendable {
    let jobs: JobQueue
    let workedQueues: [QueueName]
    let recurring: [RecurringJob]
    let settings: JobWorkerConfiguration
    let stop: StopSignal
    let logger: Logger

    func run() async {
        var holding = false
        var failures = 0
        let start = ContinuousClock.now
        var nextLeaseCheck = start
        var nextTrim = start + settings.trimInterval
        var nextStats = start
        var nextDiscovery = start
        var queues = Set(workedQueues + recurring.map(\.queue))
        let startMilliseconds = WallClock.nowMilliseconds()
        var nextSlots = Dictionary(
            uniqueKeysWithValues: recurring.map { ($0.name, $0.schedule.next(after: startMilliseconds)) })
        while !stop.isStopped {
            let now = ContinuousClock.now
            do {
                if now >= nextDiscovery {
                    queues.formUnion(try await jobs.discoverQueues())
                    nextDiscovery = now + .seconds(10)
                }
                if now >= nextLeaseCheck {
                    let held = try await holdLease()
                    if held != holding {
                        logger.info(held ? "took the scheduler lease" : "lost the scheduler lease")
                    }
                    holding = held
                    nextLeaseCheck = now + settings.leaseTTL / 3
                }
                if holding {
                    for queue in queues { try await promoteDue(queue) }
                    try await fireRecurring(&nextSlots)
                    if now >= nextTrim {
                        for queue in queues {
                            try await trim(queue)
                            try await pruneConsumers(queue)
                        }
                        nextTrim = now + settings.trimInterval
                    }
                }
                if now >= nextStats {
                    for queue in queues { JobMetrics.depth(try await jobs.stats(queue)) }
                    nextStats = now + settings.statsInterval
                }
                failures = 0
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.warning("scheduler step failed; retrying", metadata: ["error": "\(error)"])
                }
                nextLeaseCheck = now
            }
            await stop.sleep(for: settings.schedulerTick)
        }
        if holding {
            _ = try? await jobs.redis.run(
                JobQueueScripts.releaseLease, keys: [jobs.keys.schedulerLease], arguments: [settings.consumerName])
        }
    }

    private func holdLease() async throws -> Bool {
        let reply = try await jobs.redis.run(
            JobQueueScripts.holdLease, keys: [jobs.keys.schedulerLease],
            arguments: [settings.consumerName, settings.leaseTTL.wholeMilliseconds])
        return reply.int == 1
    }

    /// Moves jobs whose time has come from the delayed set into the stream, a thousand at a time.
    private func promoteDue(_ queue: QueueName) async throws {
        let batch = 1000
        for _ in 0..<20 {
            let moved =
                try await jobs.redis.run(
                    JobQueueScripts.promote, keys: [jobs.keys.delayed(queue), jobs.keys.stream(queue)],
                    arguments: [WallClock.nowMilliseconds(), batch]
                ).int ?? 0
            if moved < batch { return }
        }
    }

    /// Fires each recurring job whose slot has come: once, for the latest slot passed (missed slots are not
    /// replayed), and only if no other process fired that slot already.
    private func fireRecurring(_ nextSlots: inout [String: Int64?]) async throws {
        let now = WallClock.nowMilliseconds()
        for job in recurring {
            var latestDue: Int64?
            while let slot = nextSlots[job.name] ?? nil, slot <= now {
                latestDue = slot
                nextSlots[job.name] = job.schedule.next(after: slot)
            }
            guard let slot = latestDue else { continue }
            let header = job.header(forSlot: slot)
            let fired = try await jobs.redis.run(
                JobQueueScripts.fireRecurring, keys: [jobs.keys.recurring(job.name), jobs.keys.stream(job.queue)],
                arguments: [slot, header.encoded, job.parameters]
            ).int
            if fired == 1 {
                JobMetrics.enqueued(queue: job.queue, job: job.jobName)
                logger.info(
                    "fired recurring job",
                    metadata: ["schedule": "\(job.name)", "job": "\(header.id)", "slot": "\(slot)"])
            }
        }
    }

    /// Removes consumers of processes that are gone: idle past `consumerPruneAfter` with nothing pending (anything
    /// a dead one held is reclaimed first). The check and the removal are one script, so a consumer that reads in
    /// between cannot lose its entries. Redis 7.0 refreshes idle time only when a consumer is delivered something,
    /// so an idle live worker may be removed too; its next delivery recreates it.
    private func pruneConsumers(_ queue: QueueName) async throws {
        let threshold = max(settings.consumerPruneAfter, settings.readBlock * 4)
        let removed =
            try await jobs.redis.run(
                JobQueueScripts.pruneConsumers, keys: [jobs.keys.stream(queue)],
                arguments: [jobs.keys.group, threshold.wholeMilliseconds]
            ).int ?? 0
        if removed > 0 {
            logger.info("removed consumers that are gone", metadata: ["queue": "\(queue)", "consumers": "\(removed)"])
        }
    }

    /// Trims acknowledged entries: everything below the oldest pending entry, or, with nothing pending, below the
    /// last entry delivered. Entries not yet delivered or still pending are never trimmed.
    private func trim(_ queue: QueueName) async throws {
        let stream = jobs.keys.stream(queue)
        let groups: [StreamGroupInfo]
        do {
            groups = try await jobs.redis.xinfoGroups(stream)
        } catch let error as RedisError where error.serverCode == "ERR" {
            return  // no such stream yet
        }
        guard let group = groups.first(where: { $0.name == jobs.keys.group }), group.lastDeliveredID != "0-0" else {
            return
        }
        let pending = try await jobs.redis.xpendingSummary(stream, group: jobs.keys.group)
        let safe = pending.smallestID ?? group.lastDeliveredID
        try await jobs.redis.send("XTRIM", stream, "MINID", "~", safe)
    }
}
