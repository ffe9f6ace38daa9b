import Foundation
import RedisClient

/// A redis-server of a test's own on a loopback port, for tests that stop it and start it again on the same
/// directory. With `appendOnly`, it keeps an AOF synced every second, as the embedded server does.
public final class TestRedisServer: Sendable {
    public let port: Int
    public let directory: String
    public let appendOnly: Bool
    let process: Process

    public init(port: Int, directory: String, appendOnly: Bool = false) throws {
        self.port = port
        self.directory = directory
        self.appendOnly = appendOnly
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments =
            ["--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory, "--save", ""]
            + (appendOnly ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"])
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    public var url: String { "redis://127.0.0.1:\(port)/0" }

    /// `SHUTDOWN` over its own connection (a child of a test runner may have SIGTERM blocked): with AOF, Redis
    /// writes and syncs it first; without, `NOSAVE`. Waits for the exit off the cooperative pool; a server still
    /// running after 10 s is killed and the stop throws.
    public func stop() async throws {
        let connection = try await RedisConnection.connect(
            to: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)))
        let command = appendOnly ? RedisCommand("SHUTDOWN") : RedisCommand("SHUTDOWN", "NOSAVE")
        _ = try? await connection.send(command, timeout: .seconds(5))
        await connection.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw StillRunning(port: port)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    public struct StillRunning: Error, CustomStringConvertible {
        public let port: Int
        public var description: String { "the redis-server on port \(port) did not stop after SHUTDOWN" }
    }
}
