import Foundation
import Logging
import RedisClient
import ServiceLifecycle

/// A private `redis-server` child on a unix socket in the data directory (AOF on), for a single machine with no
/// Redis configured. It is restarted if it dies, and stopped when the service shuts down.
public final class ManagedRedisServer: Service, Sendable {
    public struct NotInstalled: Error, CustomStringConvertible {
        public let binary: String
        public var description: String {
            "\(binary) was not found on PATH: install Debian's redis-server package (apt-get install redis-server), "
                + "or set redis.url to an existing Redis"
        }
    }

    public let directory: String
    public let binary: String
    /// The endpoint clients use: the socket in `directory`.
    public let endpoint: RedisEndpoint
    /// Pause before restarting a child that died; doubles per crash in a row, up to 30 s.
    let restartDelay: Duration
    private let logger: Logger

    public var socketPath: String { directory + "/redis.sock" }
    public var pidFilePath: String { directory + "/redis.pid" }

    /// The socket a child started in `directory` listens on.
    public static func endpoint(inDirectory directory: String) -> RedisEndpoint {
        RedisEndpoint(
            address: .unixSocket(path: URL(fileURLWithPath: directory).standardizedFileURL.path + "/redis.sock"))
    }

    public init(
        directory: String, binary: String = "redis-server", restartDelay: Duration = .seconds(2), logger: Logger
    ) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = absolute
        self.binary = try Self.locate(binary)
        self.endpoint = Self.endpoint(inDirectory: absolute)
        self.restartDelay = restartDelay
        self.logger = logger
        // A unix socket path is limited to 107 bytes.
        guard socketPath.utf8.count < 104 else {
            throw ConfigurationError.inconsistent(
                key: "storage.data_dir",
                reason:
                    "the Redis socket path \(socketPath) is too long for a unix socket; use a shorter data directory"
            )
        }
    }

    /// Resolves `binary` on PATH (or as a path), or explains which package provides it.
    static func locate(_ binary: String) throws -> String {
        if binary.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: binary) else { throw NotInstalled(binary: binary) }
            return binary
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(binary)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotInstalled(binary: binary)
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        await stopLeftover()
        var crashes = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let child = try startChild()
            let startedAt = ContinuousClock.now
            let exit = await withGracefulShutdownHandler {
                await child.waitForExit()
            } onGracefulShutdown: {
                // SIGTERM: Redis fsyncs its AOF and exits.
                child.signal(SIGTERM)
            }
            if Task.isShuttingDownGracefully || Task.isCancelled {
                logger.info("private redis-server stopped", metadata: ["status": "\(exit)"])
                return
            }
            // A child that ran for a minute was healthy: its crash starts a new series.
            crashes = startedAt.duration(to: .now) > .seconds(60) ? 1 : crashes + 1
            let delay = min(restartDelay * (1 << min(crashes - 1, 4)), .seconds(30))
            logger.error(
                "private redis-server exited; restarting",
                metadata: ["status": "\(exit)", "delay": "\(delay)"]
            )
            try? await Task.sleep(for: delay)
        }
    }

    private func startChild() throws -> ChildProcess {
        try? FileManager.default.removeItem(atPath: socketPath)
        let child = try ChildProcess(
            executable: binary,
            arguments: [
                "--port", "0",
                "--unixsocket", socketPath,
                "--unixsocketperm", "700",
                "--dir", directory,
                "--pidfile", pidFilePath,
                "--appendonly", "yes",
                "--save", "",
                "--daemonize", "no",
                "--logfile", directory + "/redis.log",
            ]
        )
        logger.info("private redis-server started", metadata: ["pid": "\(child.pid)", "socket": "\(socketPath)"])
        return child
    }

    /// Shuts down a child left behind by a process that was killed: it holds our socket and data.
    private func stopLeftover() async {
        guard FileManager.default.fileExists(atPath: socketPath),
            let connection = try? await RedisConnection.connect(to: endpoint, timeout: .milliseconds(500))
        else { return }
        logger.warning("stopping a private redis-server left running by an earlier process")
        _ = try? await connection.send(RedisCommand("SHUTDOWN", "NOSAVE"), timeout: .seconds(2))
        await connection.close()
    }

    /// Waits until the child answers `PING` on its socket.
    public func waitUntilAnswering(timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let connection = try? await RedisConnection.connect(to: endpoint, timeout: .milliseconds(200)) {
                let reply = try? await connection.send(RedisCommand("PING"), timeout: .seconds(1))
                await connection.close()
                if reply?.string == "PONG" { return }
            }
            guard ContinuousClock.now < deadline else {
                throw RedisError.connectionFailed("the private redis-server did not answer within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}
