import Foundation

/// A command-line tool (vips, ffmpeg, curl, openssl, the project's own binaries) run to its end.
///
/// The wait happens on a Dispatch thread, never on one of the cooperative pool's threads: on a two-core machine the
/// pool has two, and a test blocked in `waitUntilExit` there stalls every other test, or deadlocks the run when the
/// tool waits on something the pool should be doing. A tool still running after `timeout` is killed, and the run
/// throws: a hung tool fails its test instead of hanging the suite.
public struct ToolRun: Sendable {
    public struct TimedOut: Error, CustomStringConvertible {
        public let command: String
        public let timeout: Duration
        public var description: String { "\(command) was still running after \(timeout) and was killed" }
    }

    public let status: Int32
    public let output: Data
    public let errors: Data

    public var outputText: String { String(decoding: output, as: UTF8.self) }
    public var errorText: String { String(decoding: errors, as: UTF8.self) }

    /// Runs `executable` with `arguments`; `environment` is added to this process's own.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: String? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> ToolRun {
        try await offCooperativePool {
            try blocking(executable, arguments, environment: environment, directory: directory, timeout: timeout)
        }
    }

    private static func blocking(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String?,
        timeout: Duration
    ) throws -> ToolRun {
        let process = Process()
        // In a process group of its own (setsid execs in place, so the pid is the group's id): at the timeout the
        // whole group is killed, children included, and the pipes they hold close.
        let setsid = "/usr/bin/setsid"
        let grouped = FileManager.default.isExecutableFile(atPath: setsid)
        process.executableURL = URL(fileURLWithPath: grouped ? setsid : executable)
        process.arguments = grouped ? ["--wait", executable] + arguments : arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        let pid = process.processIdentifier
        let timedOut = TimeoutFlag()
        let watchdog = DispatchWorkItem {
            timedOut.set()
            if grouped { kill(-pid, SIGKILL) }
            kill(pid, SIGKILL)
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        // Standard error is drained on a second thread, so a tool that fills one pipe while the other is being read
        // cannot stall.
        let errorsRead = DispatchGroup()
        let errorData = DataBox()
        DispatchQueue.global().async(group: errorsRead) {
            errorData.data = errors.fileHandleForReading.readDataToEndOfFile()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        watchdog.cancel()
        if timedOut.isSet {
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), timeout: timeout)
        }
        return ToolRun(status: process.terminationStatus, output: outputData, errors: errorData.data)
    }
}

/// Set once by the watchdog of a tool run that outlived its time.
private final class TimeoutFlag: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Standard error's bytes, written by the thread that drained it before the group it belongs to is left.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Runs blocking work (a wait on a process, a blocking read) on a Dispatch thread, never on one of the cooperative
/// pool's threads.
public func offCooperativePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
