import Foundation
import JobQueue
import JobQueueFixtures
import RedisClient
import TestSupport
import Testing

/// A worker running in this process against the real test Redis.
@Suite struct JobWorkerTests {
    @Test func jobsRunOnceAndReportSuccess() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let ids = try await harness.jobs.enqueue(batch: (0..<40).map { _ in RecordJob(token: token) })
            #expect(Set(ids).count == 40)
            try await harness.withWorker {
                try await eventually("40 jobs done") { try await harness.list(RecordJob.doneKey(token)).count == 40 }
                try await eventually("40 success events") { try await harness.events().count == 40 }
            }
            #expect(try await harness.list(RecordJob.runsKey(token)).count == 40)
            let events = try await harness.events()
            #expect(events.allSatisfy { $0.kind == .succeeded && $0.name == RecordJob.jobName && $0.attempt == 1 })
            #expect(Set(events.map(\.id)) == Set(ids))
            let stats = try await harness.jobs.stats(RecordJob.queue)
            #expect(stats.pending == 0 && stats.waiting == 0 && stats.dead == 0 && stats.delayed == 0)
        }
    }

    @Test func failingJobsAreRetriedWithBackoffUntilTheySucceed() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let id = try await harness.jobs.enqueue(RecordJob(token: token, failTimes: 2))
            try await harness.withWorker {
                try await eventually("the third attempt succeeds") {
                    try await harness.list(RecordJob.doneKey(token)).count == 1
                }
            }
            let runs = try await harness.list(RecordJob.runsKey(token))
            #expect(runs.map { $0.split(separator: " ").last.map(String.init) } == ["1", "2", "3"])
            let events = try await harness.events().filter { $0.id == id }
            #expect(events.map(\.kind) == [.retrying, .retrying, .succeeded])
            #expect(events.first?.error == "planned failure on attempt 1")
        }
    }

    @Test func jobsThatKeepFailingAreDeadLetteredAndCanBeRetried() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let id = try await harness.jobs.enqueue(RecordJob(token: token, failTimes: 99))
            try await harness.withWorker {
                try await eventually("the job is dead") { try await harness.jobs.stats(RecordJob.queue).dead == 1 }
            }
            #expect(try await harness.list(RecordJob.runsKey(token)).count == 3, "maxAttempts is 3")
            let dead = try await harness.jobs.deadJobs()
            #expect(dead.count == 1)
            #expect(dead.first?.jobID == id.rawValue)
            #expect(dead.first?.attempt == 3)
            #expect(dead.first?.error == "planned failure on attempt 3")
            #expect(try await harness.events().last?.kind == .dead)

            // Retrying puts it back as a first attempt; it fails three more times and is dead again.
            let retried = try await harness.jobs.retryDead(id.rawValue)
            #expect(retried.jobID == id.rawValue)
            #expect(try await harness.jobs.stats(RecordJob.queue).dead == 0)
            try await harness.withWorker {
                try await eventually("dead again") { try await harness.jobs.stats(RecordJob.queue).dead == 1 }
            }
            #expect(try await harness.list(RecordJob.runsKey(token)).count == 6)
            await #expect(throws: JobQueueError.noSuchDeadJob("nope")) { try await harness.jobs.retryDead("nope") }
            #expect(try await harness.jobs.purgeDead() == 1)
            #expect(try await harness.jobs.stats(RecordJob.queue).dead == 0)
        }
    }

    @Test func retryAllRequeuesEveryDeadJob() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            try await harness.jobs.enqueue(batch: (0..<5).map { _ in RecordJob(token: token, failTimes: 3) })
            try await harness.withWorker {
                try await eventually("all dead") { try await harness.jobs.stats(RecordJob.queue).dead == 5 }
                // Attempts restart at 1 and the planned failures are for attempts 1–3: still dead, but they ran.
                #expect(try await harness.jobs.retryAllDead() == 5)
                try await eventually("ran again") { try await harness.list(RecordJob.runsKey(token)).count == 30 }
            }
        }
    }

    @Test func delayedJobsWaitTheirTurn() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            try await harness.withWorker {
                let enqueued = ContinuousClock.now
                try await harness.jobs.enqueue(RecordJob(token: token), options: JobOptions(delay: .milliseconds(600)))
                #expect(try await harness.jobs.stats(RecordJob.queue).delayed == 1)
                try await eventually("the delayed job ran") {
                    try await harness.list(RecordJob.doneKey(token)).count == 1
                }
                #expect(ContinuousClock.now - enqueued >= .milliseconds(600))
            }
            #expect(try await harness.jobs.stats(RecordJob.queue).delayed == 0)
        }
    }

    @Test func anIdempotencyKeyQueuesTheWorkOnce() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let options = JobOptions(idempotencyKey: "resize:\(token)")
            let first = try await harness.jobs.enqueue(RecordJob(token: token), options: options)
            let second = try await harness.jobs.enqueue(RecordJob(token: token), options: options)
            let other = try await harness.jobs.enqueue(
                RecordJob(token: token), options: JobOptions(idempotencyKey: "x\(token)"))
            #expect(first == second)
            #expect(first != other)
            try await harness.withWorker {
                try await eventually("both distinct jobs ran") {
                    try await harness.list(RecordJob.doneKey(token)).count == 2
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(try await harness.list(RecordJob.runsKey(token)).count == 2)
        }
    }

    @Test func callersAwaitResultsAndFailures() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            try await harness.withWorker {
                let output = try await harness.jobs.enqueueAndWait(
                    RecordJob(token: token, output: "thumb-key"), as: RecordOutput.self, timeout: .seconds(5))
                #expect(output.output == "thumb-key")
                #expect(output.attempt == 1)

                let failing = try await harness.jobs.enqueue(
                    RecordJob(token: token, failTimes: 9), options: JobOptions(keepResult: .seconds(30)))
                await #expect(throws: JobQueueError.jobFailed(failing, "planned failure on attempt 3")) {
                    _ = try await harness.jobs.result(of: failing, as: RecordOutput.self, timeout: .seconds(10))
                }
                // A result that arrived before anyone waited is still found.
                let early = try await harness.jobs.enqueue(
                    RecordJob(token: token, output: "early"), options: JobOptions(keepResult: .seconds(30)))
                try await Task.sleep(for: .milliseconds(300))
                #expect(
                    try await harness.jobs.result(of: early, as: RecordOutput.self, timeout: .seconds(1)).output
                        == "early")
            }
            let unknown = JobID()
            await #expect(throws: JobQueueError.resultTimedOut(unknown)) {
                _ = try await harness.jobs.result(of: unknown, as: RecordOutput.self, timeout: .milliseconds(200))
            }
        }
    }

    @Test func undecodableEntriesAreDeadLetteredAndTheWorkerCarriesOn() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let stream = harness.jobs.keys.stream(RecordJob.queue)
            try await harness.redis.xadd(stream, fields: [("garbage", "yes")])
            let badParameters = JobHeader(id: JobID(), name: RecordJob.jobName, queuedAt: 1).encoded
            try await harness.redis.xadd(stream, fields: [("h", badParameters), ("p", "{not json")])
            let unknownName = JobHeader(id: JobID(), name: "no.such.job", queuedAt: 1).encoded
            try await harness.redis.xadd(stream, fields: [("h", unknownName), ("p", "{}")])
            try await harness.jobs.enqueue(RecordJob(token: token))
            try await harness.withWorker {
                try await eventually("the good job ran") { try await harness.list(RecordJob.doneKey(token)).count == 1 }
                try await eventually("three dead") { try await harness.jobs.stats(RecordJob.queue).dead == 3 }
            }
            let errors = try await harness.jobs.deadJobs().map(\.error)
            #expect(errors.contains { $0.contains("undecodable job: header without job id or name") })
            #expect(errors.contains { $0.contains("undecodable job: parameters of test.record") })
            #expect(errors.contains { $0.contains("no handler registered for job \"no.such.job\"") })
            #expect(try await harness.jobs.stats(RecordJob.queue).pending == 0)
        }
    }

    @Test func aJobPastItsTimeoutIsCancelledAndRetried() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let configuration = harness.workerConfiguration()
            let registry = Fixtures.registry(
                redis: harness.redis, consumer: configuration.consumerName, retry: RetryStrategy(maxAttempts: 2),
                timeout: .milliseconds(200))
            try await harness.jobs.enqueue(RecordJob(token: token, sleepMilliseconds: 5_000))
            try await harness.withWorker(configuration: configuration, registry: registry) {
                try await eventually("dead after two timeouts") {
                    try await harness.jobs.stats(RecordJob.queue).dead == 1
                }
            }
            #expect(try await harness.jobs.deadJobs().first?.error.contains("longer than its timeout") == true)
            #expect(try await harness.list(RecordJob.doneKey(token)).isEmpty)
        }
    }

    @Test func aPoisonEntryIsDeadLetteredAfterTooManyDeliveries() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let stream = harness.jobs.keys.stream(RecordJob.queue)
            let group = harness.jobs.keys.group
            try await harness.jobs.enqueue(RecordJob(token: token))
            // A worker that died on it five times: delivered to a ghost consumer, its counter raised to the limit.
            try await harness.redis.xgroupCreate(stream, group: group)
            let entries = try await harness.redis.xreadgroup(group: group, consumer: "ghost", stream: stream, count: 1)
            let id = try #require(entries.first?.id)
            try await harness.redis.send("XCLAIM", stream, group, "ghost", 0, id, "RETRYCOUNT", 5)
            let configuration = harness.workerConfiguration(visibilityTimeout: .milliseconds(300))
            try await harness.withWorker(configuration: configuration) {
                try await eventually("the poison entry is dead") {
                    try await harness.jobs.stats(RecordJob.queue).dead == 1
                }
            }
            #expect(try await harness.list(RecordJob.runsKey(token)).isEmpty, "never run a sixth time")
            #expect(try await harness.jobs.deadJobs().first?.error.contains("delivered 6 times") == true)
        }
    }

    @Test func trimmingDropsAcknowledgedEntriesButNeverPendingOnes() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let slow = UUID().uuidString
            let configuration = harness.workerConfiguration(concurrency: 8, trimInterval: .milliseconds(200))
            try await harness.withWorker(configuration: configuration) {
                try await harness.jobs.enqueue(batch: (0..<3000).map { _ in RecordJob(token: token) })
                try await eventually("fast jobs done") {
                    try await harness.list(RecordJob.doneKey(token)).count == 3000
                }
                try await harness.jobs.enqueue(RecordJob(token: slow, sleepMilliseconds: 2_000))
                try await eventually("the slow job started") {
                    try await harness.list(RecordJob.runsKey(slow)).count == 1
                }
                try await harness.jobs.enqueue(batch: (0..<500).map { _ in RecordJob(token: token) })
                try await eventually("later jobs done") {
                    try await harness.list(RecordJob.doneKey(token)).count == 3500
                }
                // Acknowledged entries below the slow job go; the slow job and everything after it stay.
                try await eventually("stream trimmed") { try await harness.jobs.stats(RecordJob.queue).length < 1000 }
                let stats = try await harness.jobs.stats(RecordJob.queue)
                #expect(stats.length >= 501)
                #expect(stats.pending == 1, "the slow job is still pending")
                try await eventually("the slow job finished") {
                    try await harness.list(RecordJob.doneKey(slow)).count == 1
                }
            }
        }
    }

    @Test func consumersOfGoneProcessesArePrunedButNotOnesHoldingJobs() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let stream = harness.jobs.keys.stream(RecordJob.queue)
            let group = harness.jobs.keys.group
            try await harness.jobs.enqueue(RecordJob(token: UUID().uuidString))
            try await harness.redis.xgroupCreate(stream, group: group)
            // "holder" took the job and died; "idle" read nothing and died.
            _ = try await harness.redis.xreadgroup(group: group, consumer: "holder", stream: stream, count: 1)
            try await harness.redis.send("XGROUP", "CREATECONSUMER", stream, group, "idle")
            var configuration = harness.workerConfiguration(trimInterval: .milliseconds(100))
            configuration.consumerPruneAfter = .milliseconds(300)
            try await harness.withWorker(configuration: configuration) {
                try await eventually("the idle consumer is gone") {
                    try await !harness.redis.xinfoConsumers(stream, group: group).map(\.name).contains("idle")
                }
                let names = try await harness.redis.xinfoConsumers(stream, group: group).map(\.name)
                #expect(names.contains("holder"), "a consumer with a pending job stays until it is reclaimed")
            }
        }
    }

    @Test func recurringJobsFireOncePerSlot() async throws {
        let harness = try JobQueueHarness()
        try await withTeardown {
            await harness.shutDown()
        } body: {
            let token = UUID().uuidString
            let recurring = try RecurringJob(
                "tick", schedule: CronSchedule("* * * * * *"), parameters: TickJob(token: token))
            try await harness.withWorker(recurring: [recurring]) {
                try await eventually("three ticks", timeout: .seconds(45)) {
                    try await harness.list(TickJob.ticksKey(token)).count >= 3
                }
            }
            let slots = try await harness.list(TickJob.ticksKey(token)).compactMap { Int64($0) }
            #expect(Set(slots).count == slots.count)
            #expect(slots.allSatisfy { $0 % 1000 == 0 })
        }
    }
}
