import Foundation
import RedisClient
import TestSupport

/// A `JobQueueTestWorker` process: the fixture jobs run in a process of their own, which tests can kill.
final class WorkerProcess: @unchecked Sendable {
    // @unchecked: `Process` is only touched from the test that owns this value.
    let process = Process()
    let output = Pipe()

    static var binary: URL { TestEndpoints.builtProduct("JobQueueTestWorker") }

    init(
        namespace: String,
        redisURL: String = TestEndpoints.redisURL,
        concurrency: Int = 4,
        visibility: Duration = .seconds(30),
        grace: Duration = .seconds(5),
        cron: String? = nil,
        tickToken: String? = nil
    ) throws {
        process.executableURL = Self.binary
        var arguments = [
            "--redis", redisURL, "--namespace", namespace, "--concurrency", "\(concurrency)",
            "--visibility-ms", "\(visibility.wholeMilliseconds)", "--grace-ms", "\(grace.wholeMilliseconds)",
        ]
        if let cron, let tickToken { arguments += ["--cron", cron, "--tick-token", tickToken] }
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    /// The consumer name the worker printed once it was ready. The read blocks, so it happens off the cooperative
    /// pool.
    func waitUntilReady() async throws -> String {
        let reader = output.fileHandleForReading
        let line = try await offCooperativePool { reader.availableData }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready ") else { throw WorkerProcessError.notReady(text) }
        return String(text.dropFirst(6).prefix { !$0.isNewline })
    }

    func kill(_ signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for the exit; nil if it has not exited within `timeout`.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

enum WorkerProcessError: Error {
    case notReady(String)
}
