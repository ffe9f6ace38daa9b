import Foundation
import JobQueue
import JobQueueFixtures
import RedisClient
import TestSupport
import Testing

/// Workers in processes of their own (`JobQueueTestWorker`): crashes, restarts and shutdown for real.
@Suite struct JobWorkerProcessTests {
    func doneCounts(_ harness: JobQueueHarness, _ tokens: [String]) async throws -> [Int] {
        let replies = try await harness.redis.pipeline(tokens.map { RedisCommand("LLEN", RecordJob.doneKey($0)) })
        return replies.map { (try? $0.get().int) ?? -1 }
    }

    @Test func jobsOfAKilledWorkerAreReclaimedAndFinishedOnce() async throws {
        let harness = try JobQueueHarness()
        let tokens = (0..<10).map { _ in UUID().uuidString }
        let first = try WorkerProcess(namespace: harness.namespace, concurrency: 2, visibility: .seconds(1))
        _ = try await first.waitUntilReady()
        let ids = try await harness.jobs.enqueue(batch: tokens.map { RecordJob(token: $0, sleepMilliseconds: 1500) })
        try await eventually("the first worker is mid-job") {
            try await harness.list(RecordJob.runsKey(tokens[0])).count == 1
        }
        first.kill(SIGKILL)
        #expect(await first.waitForExit(timeout: .seconds(5)) != nil)
        // What the dead worker had done: jobs it never started, jobs it was running (interrupted), and jobs it
        // finished. Delivery is at least once: a job finished just before the kill, whose acknowledgement (sent in
        // batches) died with the worker, legitimately runs again.
        var notStarted: [String] = []
        var interrupted: [String] = []
        var finished: [String] = []
        for token in tokens {
            let runs = try await harness.list(RecordJob.runsKey(token)).count
            let done = try await harness.list(RecordJob.doneKey(token)).count
            if runs == 0 {
                notStarted.append(token)
            } else if done == 0 {
                interrupted.append(token)
            } else {
                finished.append(token)
            }
        }
        #expect(interrupted.count + finished.count >= 1, "the first worker ran something before it died")
        let second = try WorkerProcess(namespace: harness.namespace, concurrency: 2, visibility: .seconds(1))
        let survivor = try await second.waitUntilReady()
        try await eventually("every job done", timeout: .seconds(20)) {
            try await doneCounts(harness, tokens).allSatisfy { $0 >= 1 }
        }
        for token in notStarted {
            #expect(try await harness.list(RecordJob.doneKey(token)) == [survivor], "run once, by the survivor")
        }
        for token in interrupted {
            #expect(try await harness.list(RecordJob.doneKey(token)) == [survivor], "the killed job was rerun")
            #expect(try await harness.list(RecordJob.runsKey(token)).count == 2)
        }
        for token in finished {
            #expect((1...2).contains(try await harness.list(RecordJob.doneKey(token)).count))
        }
        let succeeded = try await harness.events().filter { $0.kind == .succeeded }
        #expect(Set(succeeded.map(\.id)) == Set(ids))
        #expect(try await harness.jobs.stats(RecordJob.queue).pending == 0)
        second.kill(SIGTERM)
        #expect(await second.waitForExit(timeout: .seconds(10)) == 0)
        await harness.shutDown()
    }

    @Test func delayedAndRecurringJobsFireOnceAcrossTwoWorkers() async throws {
        let harness = try JobQueueHarness()
        let tick = UUID().uuidString
        let workers = try (0..<2).map { _ in
            try WorkerProcess(namespace: harness.namespace, cron: "* * * * * *", tickToken: tick)
        }
        for worker in workers { _ = try await worker.waitUntilReady() }
        let tokens = (0..<30).map { _ in UUID().uuidString }
        for (index, token) in tokens.enumerated() {
            try await harness.jobs.enqueue(
                RecordJob(token: token), options: JobOptions(delay: .milliseconds(100 + 50 * index)))
        }
        try await eventually("every delayed job done") {
            try await doneCounts(harness, tokens).allSatisfy { $0 >= 1 }
        }
        try await eventually("four ticks", timeout: .seconds(8)) {
            try await harness.list(TickJob.ticksKey(tick)).count >= 4
        }
        for worker in workers { worker.kill(SIGTERM) }
        for worker in workers { #expect(await worker.waitForExit(timeout: .seconds(10)) == 0) }
        #expect(try await doneCounts(harness, tokens) == Array(repeating: 1, count: 30))
        let slots = try await harness.list(TickJob.ticksKey(tick))
        #expect(Set(slots).count == slots.count, "each slot fired once: \(slots)")
        await harness.shutDown()
    }

    @Test func aCallerAwaitsAResultComputedInAnotherProcess() async throws {
        let harness = try JobQueueHarness()
        let worker = try WorkerProcess(namespace: harness.namespace)
        let consumer = try await worker.waitUntilReady()
        let output = try await harness.jobs.enqueueAndWait(
            RecordJob(token: UUID().uuidString, output: "resized/abc.webp"), as: RecordOutput.self,
            timeout: .seconds(10))
        #expect(output == RecordOutput(consumer: consumer, attempt: 1, output: "resized/abc.webp"))
        worker.kill(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 0)
        await harness.shutDown()
    }

    @Test func sigtermLetsARunningJobFinishWithinTheGracePeriod() async throws {
        let harness = try JobQueueHarness()
        let token = UUID().uuidString
        let worker = try WorkerProcess(namespace: harness.namespace, grace: .seconds(5))
        _ = try await worker.waitUntilReady()
        try await harness.jobs.enqueue(RecordJob(token: token, sleepMilliseconds: 1_000))
        try await eventually("started") { try await harness.list(RecordJob.runsKey(token)).count == 1 }
        worker.kill(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(5)) == 0)
        #expect(try await harness.list(RecordJob.doneKey(token)).count == 1)
        let stats = try await harness.jobs.stats(RecordJob.queue)
        #expect(stats.pending == 0 && stats.waiting == 0)
        await harness.shutDown()
    }

    @Test func sigtermHandsBackAJobThatOutlastsTheGracePeriod() async throws {
        let harness = try JobQueueHarness()
        let token = UUID().uuidString
        let first = try WorkerProcess(namespace: harness.namespace, grace: .milliseconds(300))
        _ = try await first.waitUntilReady()
        // Long enough that a loaded machine noticing the start late still signals the worker mid-job.
        try await harness.jobs.enqueue(RecordJob(token: token, sleepMilliseconds: 6_000))
        try await eventually("started") { try await harness.list(RecordJob.runsKey(token)).count == 1 }
        first.kill(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(3)) == 0)
        let stats = try await harness.jobs.stats(RecordJob.queue)
        #expect(stats.pending == 0, "not left stuck with the dead consumer")
        #expect(stats.waiting == 1, "handed back to the queue")
        #expect(try await harness.list(RecordJob.doneKey(token)).isEmpty)

        let second = try WorkerProcess(namespace: harness.namespace)
        let consumer = try await second.waitUntilReady()
        try await eventually("finished by the next worker", timeout: .seconds(20)) {
            try await harness.list(RecordJob.doneKey(token)) == [consumer]
        }
        let runs = try await harness.list(RecordJob.runsKey(token))
        #expect(runs.map { $0.hasSuffix(" 1") } == [true, true], "a hand-back is not an attempt")
        second.kill(SIGTERM)
        #expect(await second.waitForExit(timeout: .seconds(10)) == 0)
        await harness.shutDown()
    }
}
