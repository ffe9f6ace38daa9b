import Logging
import RedisClient

extension JobProcessor {
    /// Runs one entry to an outcome and hands the outcome to the batcher. Nothing here throws: an entry that
    /// does not decode, names no known job or fails is dead-lettered or retried, never allowed to stop the worker.
    func execute(_ entry: StreamEntry, batcher: OutcomeBatcher) async {
        let clock = ContinuousClock()
        let start = clock.now
        let headerText = entry["h"] ?? ""
        let parameters = entry.bytes("p") ?? []
        func record(_ header: JobHeader?, _ kind: JobOutcome.Kind) {
            batcher.add(
                JobOutcome(
                    queue: queue, entryID: entry.id, header: header, headerText: headerText, parameters: parameters,
                    kind: kind, duration: clock.now - start)
            )
        }

        let header: JobHeader
        do {
            header = try JobHeader(decoding: headerText)
        } catch {
            logger.error(
                "dead-lettering an undecodable entry", metadata: ["entry": "\(entry.id)", "error": "\(error)"])
            record(nil, .dead(error: "\(error)"))
            return
        }
        guard let handler = registry.handler(named: header.name) else {
            let error = JobQueueError.unknownJob(header.name)
            logger.error(
                "dead-lettering a job no handler is registered for",
                metadata: ["job": "\(header.id)", "job_name": "\(header.name)"])
            record(header, .dead(error: error.description))
            return
        }
        let context = JobContext(
            id: header.id, name: header.name, queue: queue, attempt: header.attempt,
            maxAttempts: handler.retry.maxAttempts, queuedAt: header.queuedAt, scheduledFor: header.scheduledFor,
            lastError: header.lastError, workerLogger: logger,
            keepsResult: header.resultTTLMilliseconds != nil)
        let readyAt = header.dueAt.map { $0 * 1000 } ?? header.queuedAt
        JobMetrics.waited(queue: queue, microseconds: WallClock.nowMicroseconds() - readyAt)
        for hook in middleware { hook.jobStarted(context) }

        let kind: JobOutcome.Kind
        var failure: (any Error)?
        do {
            let output = try await deadlines.run(entry.id, timeout: handler.timeout) {
                try await handler.run(parameters, context)
            }
            kind = .succeeded(output: output)
        } catch {
            failure = error
            kind = decide(after: error, header: header, handler: handler)
        }
        let duration = clock.now - start
        let outcome = JobOutcome(
            queue: queue, entryID: entry.id, header: header, headerText: headerText, parameters: parameters,
            kind: kind, duration: duration)
        for hook in middleware {
            hook.jobFinished(context, outcome: outcome.kindName, duration: duration, error: failure)
        }
        batcher.add(outcome)
    }

    /// What a failed run leads to: back to the queue when shutdown interrupted it, the dead-letter stream when it
    /// can never succeed or has used its attempts, otherwise a retry after a jittered backoff.
    func decide(after error: any Error, header: JobHeader, handler: JobHandler) -> JobOutcome.Kind {
        let timedOut = if case JobQueueError.timedOut = error { true } else { false }
        if !timedOut && (Task.isCancelled || running.isHandingBack) {
            return .handedBack
        }
        let message = String(String(describing: error).prefix(2000))
        if case JobQueueError.undecodable = error { return .dead(error: message) }
        guard header.attempt < handler.retry.maxAttempts else { return .dead(error: message) }
        var next = header
        next.attempt += 1
        next.lastError = message
        let due =
            WallClock.nowMilliseconds() + Int64(handler.retry.delay(afterAttempt: header.attempt).wholeMilliseconds)
        next.dueAt = due
        return .retrying(header: next, dueMilliseconds: due, error: message)
    }
}
