import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// A process-wide memory budget (S3 part buffers, decoders): first come first served, no waiting while holding,
/// and work that outnumbers it finishes one piece after another instead of piling up memory.
@Suite struct MemoryBudgetTests {
    @Test func waitersAreLetInInOrderAsBytesComeBack() async throws {
        let budget = MemoryBudget(limit: 100)
        try await budget.acquire(80)
        #expect(await budget.take(30) == false)
        let order = OrderLog()
        let first = Task {
            try await budget.acquire(50)
            await order.append("first")
        }
        try await Task.sleep(for: .milliseconds(50))
        let second = Task {
            try await budget.acquire(10)
            await order.append("second")
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await order.entries.isEmpty, "20 bytes are free, but the first waiter comes first")
        #expect(await budget.take(10) == false, "take never jumps the queue")
        await budget.release(80)
        try await first.value
        try await second.value
        #expect(await order.entries == ["first", "second"])
        #expect(await budget.free == 40)
        await budget.release(60)
        #expect(await budget.free == 100)
    }

    /// With overtaking, work that fits in what is free passes a first waiter too large for it, while that one has
    /// waited less than the window; after the window nothing passes it, and it is let in as soon as it fits.
    @Test func smallWorkPassesALargeWaiterOnlyWithinTheWindow() async throws {
        let budget = MemoryBudget(limit: 100, overtaking: .seconds(60))
        try await budget.acquire(60)
        let order = OrderLog()
        let large = Task {
            try await budget.acquire(80)
            await order.append("large")
        }
        try await eventually { await budget.waiting == 1 }
        // 40 bytes are free: a request of 30 passes the large waiter at once, and one let in by a release does too.
        try await budget.acquire(30)
        await order.append("small")
        let released = Task {
            try await budget.acquire(20)
            await order.append("released")
        }
        try await eventually { await budget.waiting == 2 }
        await budget.release(30)
        try await released.value
        #expect(await order.entries == ["small", "released"])
        #expect(await budget.take(10) == false, "take never jumps the queue")
        await budget.release(60)
        try await large.value
        #expect(await order.entries == ["small", "released", "large"])
        await budget.release(100)

        // Past the window (1 ms here) the large waiter comes first: a request that would fit waits behind it.
        let strict = MemoryBudget(limit: 100, overtaking: .milliseconds(1))
        try await strict.acquire(60)
        let waited = OrderLog()
        let first = Task {
            try await strict.acquire(80)
            await waited.append("large")
        }
        try await eventually { await strict.waiting == 1 }
        try await Task.sleep(for: .milliseconds(5))
        let late = Task {
            try await strict.acquire(10)
            await waited.append("late")
        }
        try await eventually { await strict.waiting == 2 }
        #expect(await waited.entries.isEmpty, "40 bytes are free, but the large waiter comes first")
        await strict.release(60)
        try await first.value
        try await late.value
        #expect(await waited.entries == ["large", "late"])
        await strict.release(90)
        #expect(await strict.free == 100)
    }

    /// Polls `condition` until it holds (at most 10 s): waits for a task to reach the budget's queue.
    func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<1000 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await condition())
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let budget = MemoryBudget(limit: 10)
        try await budget.acquire(10)
        let waiter = Task { try await budget.acquire(5) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        await budget.release(10)
        #expect(await budget.free == 10)
        #expect(await budget.take(10))
    }

    /// `holding` gives the share back however the work ends, holds more than the limit as the whole limit (that work
    /// runs alone), and the high-water mark shows the most held at once.
    @Test func holdingGivesTheShareBackAndRecordsTheHighWater() async throws {
        let budget = MemoryBudget(limit: 100)
        let seen = try await budget.holding(30) { await budget.free }
        #expect(seen == 70)
        struct Failed: Error {}
        await #expect(throws: Failed.self) {
            try await budget.holding(50) { () async throws -> Int in throw Failed() }
        }
        #expect(await budget.free == 100)
        let alone = try await budget.holding(1_000) { await budget.free }
        #expect(alone == 0, "more than the limit holds the whole limit")
        let inner = try await budget.holding(40) { try await budget.holding(20) { await budget.free } }
        #expect(inner == 40)
        #expect(await budget.highWater == 100)
        #expect(await budget.free == 100)
    }

    /// Four 16 MiB uploads against a budget of two 5 MiB parts: all complete, intact, and the budget is whole again.
    @Test func uploadsBeyondTheBudgetFinishAndGiveItBack() async throws {
        try await S3BucketClient(configuration: BlobBackend.s3Configuration()).createBucket()
        let budget = MemoryBudget(limit: 10 * 1024 * 1024)
        var options = S3BlobStore.Options()
        options.partSize = 5 * 1024 * 1024
        options.partBudget = budget
        let store = S3BlobStore(configuration: BlobBackend.s3Configuration(), options: options)
        let prefix = uniquePrefix("budget")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let bytes = pseudoRandomBytes(16 * 1024 * 1024, seed: UInt64(index + 7))
                    _ = try await store.put(bodyOf(bytes, chunk: 64 * 1024), key: prefix + "\(index)", contentType: nil)
                    let back = try await store.get(prefix + "\(index)", range: nil).body.collect(upTo: 32 * 1024 * 1024)
                    #expect(Array(buffer: back) == bytes)
                }
            }
            try await group.waitForAll()
        }
        #expect(await budget.free == budget.limit)
        #expect(try await store.pendingMultipartUploads(prefix: prefix).isEmpty)
    }
}

actor OrderLog {
    var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}
