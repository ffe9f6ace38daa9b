import Foundation
import Testing

@testable import App

@Suite struct ChildProcessTests {
    /// Children of this (async, multi-threaded) process must still receive SIGTERM.
    @Test func sigtermReachesTheChild() async throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"])
        let start = ContinuousClock.now
        child.signal(SIGTERM)
        let status = await child.waitForExit()
        #expect(status & 0x7f == SIGTERM, "terminated by SIGTERM, wait status \(status)")
        // Far below the child's 30 s, with room for a loaded machine.
        #expect(start.duration(to: .now) < .seconds(10))
    }

    @Test func cancellingTheWaitStopsTheChild() async throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"])
        let start = ContinuousClock.now
        let waiting = Task { await child.waitForExit() }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        let status = await waiting.value
        #expect(status & 0x7f == SIGTERM)
        #expect(start.duration(to: .now) < .seconds(10))
        #expect(kill(child.pid, 0) != 0, "no child left behind")
    }

    /// A descriptor this process holds open (a pipe, as another child's output would be) must not reach the child:
    /// its reader would otherwise wait for this child's end as well.
    @Test func theChildHoldsNoneOfTheParentsDescriptors() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        func target(_ path: String) -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: path) }
        let ours = Set(ends.compactMap { target("/proc/self/fd/\($0)") })
        #expect(ours.count == 1 && ours.allSatisfy { $0.hasPrefix("pipe:") }, "both ends name one pipe")
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"])
        // What the child holds (sleep may briefly have a locale file of its own open while it starts).
        let held = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").compactMap {
            target("/proc/\(child.pid)/fd/\($0)")
        }
        child.signal(SIGTERM)
        _ = await child.waitForExit()
        #expect(!held.isEmpty, "the child's descriptors were read")
        #expect(Set(held).isDisjoint(with: ours), "the child held \(held)")
    }

    @Test func aMissingExecutableIsAnError() {
        #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess(executable: "/nonexistent/redis-server", arguments: [])
        }
    }
}
