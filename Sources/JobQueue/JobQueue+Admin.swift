import RedisClient

/// Inspecting and repairing queues: the operations behind `discordination queue …`.
extension JobQueue {
    /// Every queue with a key in Redis.
    public func discoverQueues() async throws -> Set<QueueName> {
        var cursor = "0"
        var queues = Set<QueueName>()
        repeat {
            let reply = try await redis.send("SCAN", cursor, "MATCH", keys.queuePattern, "COUNT", 1000)
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw RedisError.unexpectedReply(command: "SCAN", reply: "\(reply)")
            }
            for key in parts[1].array ?? [] {
                if let name = key.string.flatMap(keys.queueName(inKey:)) { queues.insert(name) }
            }
            cursor = next
        } while cursor != "0"
        return queues
    }

    public func stats(_ queue: QueueName) async throws -> QueueStats {
        let stream = keys.stream(queue)
        let replies = try await redis.pipeline([
            RedisCommand("XLEN", stream), RedisCommand("ZCARD", keys.delayed(queue)),
            RedisCommand("XLEN", keys.dead(queue)),
        ])
        let counts = replies.map { (try? $0.get().int) ?? 0 }
        var stats = QueueStats(
            queue: queue, length: counts[0], waiting: counts[0], pending: 0, oldestPendingMilliseconds: nil,
            delayed: counts[1], dead: counts[2])
        guard counts[0] > 0,
            let group = try await redis.xinfoGroups(stream).first(where: { $0.name == keys.group })
        else { return stats }
        stats.pending = group.pending
        if let lag = group.lag {
            stats.waiting = lag
        } else {
            let undelivered = try await redis.send("XRANGE", stream, "(" + group.lastDeliveredID, "+", "COUNT", 100_000)
            stats.waiting = undelivered.array?.count ?? 0
        }
        if group.pending > 0, let oldest = try await redis.xpendingSummary(stream, group: keys.group).smallestID,
            let milliseconds = oldest.split(separator: "-").first.flatMap({ Int64($0) })
        {
            stats.oldestPendingMilliseconds = max(WallClock.nowMilliseconds() - milliseconds, 0)
        }
        return stats
    }

    /// The newest dead jobs of each queue (all queues when nil), newest first.
    public func deadJobs(in queue: QueueName? = nil, limit: Int = 50) async throws -> [DeadJob] {
        var result: [DeadJob] = []
        for name in try await queues(queue) {
            let entries = try await redis.xrevrange(keys.dead(name), count: limit)
            result += entries.map { DeadJob(entry: $0, queue: name) }
        }
        return result
    }

    /// Queues a dead job again as a fresh first attempt; `id` is its job id or its dead-letter entry id.
    public func retryDead(_ id: String, in queue: QueueName? = nil) async throws -> DeadJob {
        for name in try await queues(queue) {
            var start = "-"
            while true {
                let entries = try await redis.xrange(keys.dead(name), start: start, count: 500)
                if let entry = entries.first(where: { $0.id == id || $0["job"] == id }) {
                    try await requeue([entry], from: name)
                    return DeadJob(entry: entry, queue: name)
                }
                guard entries.count == 500, let last = entries.last else { break }
                start = "(" + last.id
            }
        }
        throw JobQueueError.noSuchDeadJob(id)
    }

    /// Queues every dead job again; returns how many.
    @discardableResult
    public func retryAllDead(in queue: QueueName? = nil) async throws -> Int {
        var total = 0
        for name in try await queues(queue) {
            while true {
                let entries = try await redis.xrange(keys.dead(name), count: 500)
                guard !entries.isEmpty else { break }
                try await requeue(entries, from: name)
                total += entries.count
            }
        }
        return total
    }

    /// Deletes the dead-letter streams; returns how many jobs they held.
    @discardableResult
    public func purgeDead(in queue: QueueName? = nil) async throws -> Int {
        var total = 0
        for name in try await queues(queue) {
            let replies = try await redis.pipeline([
                RedisCommand("MULTI"), RedisCommand("XLEN", keys.dead(name)), RedisCommand("DEL", keys.dead(name)),
                RedisCommand("EXEC"),
            ])
            if case .success(let exec) = replies.last, let counts = exec.array, let count = counts.first?.int {
                total += count
            }
        }
        return total
    }

    private func queues(_ queue: QueueName?) async throws -> [QueueName] {
        if let queue { return [queue] }
        return try await discoverQueues().sorted { $0.rawValue < $1.rawValue }
    }

    /// Moves dead entries back to their stream atomically, each as attempt 1 with its last error kept.
    private func requeue(_ entries: [StreamEntry], from queue: QueueName) async throws {
        var commands = [RedisCommand("MULTI")]
        for entry in entries {
            var headerText = entry["h"] ?? ""
            if var header = try? JobHeader(decoding: headerText) {
                header.attempt = 1
                header.dueAt = nil
                header.lastError = entry["error"]
                header.queuedAt = WallClock.nowMicroseconds()
                headerText = header.encoded
            }
            let parameters = entry.bytes("p") ?? []
            commands.append(
                RedisClient.xaddCommand(keys.stream(queue), fields: [("h", headerText), ("p", parameters)]))
            commands.append(RedisCommand("XDEL", keys.dead(queue), entry.id))
        }
        commands.append(RedisCommand("EXEC"))
        let replies = try await redis.pipeline(commands)
        for case .failure(let error) in replies { throw error }
    }
}

extension DeadJob {
    init(entry: StreamEntry, queue: QueueName) {
        let header = try? JobHeader(decoding: entry["h"] ?? "")
        self.init(
            queue: queue, entryID: entry.id, jobID: entry["job"] ?? header?.id.rawValue ?? "",
            name: header?.name ?? "?", attempt: header?.attempt ?? 0, error: entry["error"] ?? "",
            failedAt: entry["failed_at"].flatMap { Int64($0) } ?? 0)
    }
}
