import Foundation
import RedisClient

/// Request–reply over the queue: a worker in any process stores the result of a job enqueued with `keepResult`
/// under `dcn:result:ID` and publishes it on the channel of the same name; the caller listens on that channel through
/// the process's shared subscription, then reads the key (so a result that arrived first is not missed), then waits
/// for the message.
extension JobQueue {
    /// Waits for the job's result; throws `JobQueueError.jobFailed` when it failed for good and
    /// `JobQueueError.resultTimedOut` when nothing arrived in time.
    public func result<Output: Decodable>(
        of id: JobID,
        as type: Output.Type = Output.self,
        timeout: Duration
    ) async throws -> Output {
        let stored = try await waitForStoredResult(of: id, timeout: timeout)
        guard let newline = stored.firstIndex(of: 0x0A) else {
            throw JobQueueError.undecodable("stored result of \(id) has no status line")
        }
        let status = String(decoding: stored[..<newline], as: UTF8.self)
        let body = stored[(newline + 1)...]
        guard status == "ok" else { throw JobQueueError.jobFailed(id, String(decoding: body, as: UTF8.self)) }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw JobQueueError.undecodable("result of \(id): \(error)")
        }
    }

    /// Enqueues the job with its result kept, and waits for that result.
    public func enqueueAndWait<Parameters: JobParameters, Output: Decodable>(
        _ parameters: Parameters,
        as type: Output.Type = Output.self,
        options: JobOptions = JobOptions(),
        timeout: Duration
    ) async throws -> Output {
        var options = options
        options.keepResult = options.keepResult ?? max(timeout * 2, .seconds(60))
        let id = try await enqueue(parameters, options: options)
        return try await result(of: id, as: type, timeout: timeout)
    }

    private enum Arrival: Sendable {
        case stored([UInt8])
        case notYet
        case gaveUp
    }

    private func waitForStoredResult(of id: JobID, timeout: Duration) async throws -> [UInt8] {
        let key = keys.result(id)
        // The process's shared subscription: a thousand waiting requests hold one Redis connection between them.
        let listener = try await redis.subscriber.listen(to: key)
        return try await withThrowingTaskGroup(of: Arrival.self) { group in
            group.addTask {
                for await event in listener {
                    switch event {
                    case .message(let payload):
                        return .stored(payload)
                    case .interrupted:
                        // The connection dropped: subscribe again, then look at the key, which holds a result
                        // published meanwhile.
                        do { try await listener.resume() } catch { return .gaveUp }
                        if let value = try await redis.send("GET", key).bytes { return .stored(value) }
                    }
                }
                return .gaveUp
            }
            group.addTask { try await redis.send("GET", key).bytes.map(Arrival.stored) ?? .notYet }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .gaveUp
            }
            defer { group.cancelAll() }
            while let arrival = try await group.next() {
                switch arrival {
                case .stored(let value): return value
                case .notYet: continue
                case .gaveUp:
                    // The time is up or the subscription closed: one last look at the key.
                    if let value = try await redis.send("GET", key).bytes { return value }
                    throw JobQueueError.resultTimedOut(id)
                }
            }
            throw JobQueueError.resultTimedOut(id)
        }
    }
}
