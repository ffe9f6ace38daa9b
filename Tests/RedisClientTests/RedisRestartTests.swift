import Foundation
import TestSupport
import Testing

@testable import RedisClient

/// Restarts a redis-server of its own under a live client: callers see errors, then the pool recovers.
@Suite struct RedisRestartTests {
    final class Server: Sendable {
        let port: Int
        let directory: String
        let process: Process

        init(port: Int, directory: String) throws {
            self.port = port
            self.directory = directory
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
            process.arguments = [
                "--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no",
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        /// `SHUTDOWN NOSAVE` over its own connection: a child of a test runner may have SIGTERM blocked.
        func stop() async throws {
            let connection = try await RedisConnection.connect(
                to: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)))
            _ = try? await connection.send(RedisCommand("SHUTDOWN", "NOSAVE"), timeout: .seconds(2))
            await connection.close()
            process.waitUntilExit()
        }
    }

    @Test func poolRecoversAfterTheServerRestarts() async throws {
        let port = TestEndpoints.freePort()
        let directory = TestEndpoints.temporaryDirectory("restart")
        var server = try Server(port: port, directory: directory)
        let client = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)),
                maximumConnections: 4,
                commandTimeout: .seconds(1),
                reconnectBackoffBase: .milliseconds(20),
                reconnectBackoffMax: .milliseconds(200)
            )
        )
        try await eventually { try await client.ping() }
        try await client.send("SET", "k", "before")

        try await server.stop()
        // With the server gone, callers get errors rather than hanging.
        for _ in 0..<3 {
            let start = ContinuousClock.now
            await #expect(throws: (any Error).self) { try await client.send("GET", "k") }
            #expect(start.duration(to: .now) < .seconds(2))
        }

        server = try Server(port: port, directory: directory)
        try await eventually { try await client.ping() }
        try await client.send("SET", "k", "after")
        #expect(try await client.send("GET", "k").string == "after")
        await client.shutDown()
        try await server.stop()
    }

    private func eventually(_ body: () async throws -> Void) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try await body()
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
