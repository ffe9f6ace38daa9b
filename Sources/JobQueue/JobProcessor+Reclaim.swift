import RedisClient

extension JobProcessor {
    /// One step of a reclaim pass: claims up to `count` entries idle longer than the visibility timeout (their
    /// worker died or hung) and returns the ones to run again. An entry delivered more than `maxDeliveries` times
    /// is a poison job that takes its worker down with it: it goes to the dead-letter stream instead.
    func reclaim(count: Int, from cursor: String, batcher: OutcomeBatcher) async throws -> ([StreamEntry], String) {
        let claimed = try await redis.xautoclaim(
            stream, group: keys.group, consumer: settings.consumerName, minIdle: settings.visibilityTimeout,
            start: cursor, count: count)
        if !claimed.deletedIDs.isEmpty {
            logger.warning("pending entries were trimmed away", metadata: ["entries": "\(claimed.deletedIDs)"])
            try await redis.xack(stream, group: keys.group, ids: claimed.deletedIDs)
        }
        guard let first = claimed.entries.first, let last = claimed.entries.last else {
            return ([], claimed.nextCursor)
        }
        JobMetrics.reclaimed(queue: queue, count: claimed.entries.count)
        logger.warning(
            "reclaimed jobs from a worker that stopped answering", metadata: ["jobs": "\(claimed.entries.count)"])
        let pending = try await redis.xpending(
            stream, group: keys.group, start: first.id, end: last.id, count: claimed.entries.count + running.count + 16,
            consumer: settings.consumerName)
        let deliveries = Dictionary(pending.map { ($0.id, $0.deliveryCount) }, uniquingKeysWith: max)
        var runnable: [StreamEntry] = []
        for entry in claimed.entries {
            let delivered = deliveries[entry.id] ?? 1
            guard delivered > settings.maxDeliveries else {
                runnable.append(entry)
                continue
            }
            let headerText = entry["h"] ?? ""
            let error =
                "delivered \(delivered) times without finishing: the worker running it died or hung each time"
            logger.error(
                "dead-lettering a poison job", metadata: ["entry": "\(entry.id)", "deliveries": "\(delivered)"])
            batcher.add(
                JobOutcome(
                    queue: queue, entryID: entry.id, header: try? JobHeader(decoding: headerText),
                    headerText: headerText, parameters: entry.bytes("p") ?? [],
                    kind: .dead(error: error), duration: .zero)
            )
        }
        return (runnable, claimed.nextCursor)
    }
}
