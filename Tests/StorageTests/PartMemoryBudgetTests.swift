import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// The process-wide budget of S3 part buffers: first come first served, no waiting while holding, and uploads
/// that outnumber it finish one after another instead of piling up memory.
@Suite struct PartMemoryBudgetTests {
    @Test func waitersAreLetInInOrderAsBytesComeBack() async throws {
        let budget = PartMemoryBudget(limit: 100)
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

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let budget = PartMemoryBudget(limit: 10)
        try await budget.acquire(10)
        let waiter = Task { try await budget.acquire(5) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        await budget.release(10)
        #expect(await budget.free == 10)
        #expect(await budget.take(10))
    }

    /// Four 16 MiB uploads against a budget of two 5 MiB parts: all complete, intact, and the budget is whole again.
    @Test func uploadsBeyondTheBudgetFinishAndGiveItBack() async throws {
        try await S3BucketClient(configuration: BlobBackend.s3Configuration()).createBucket()
        let budget = PartMemoryBudget(limit: 10 * 1024 * 1024)
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
