import Foundation
import TestSupport
import Testing

@testable import RedisClient

/// Restarts a redis-server of its own under a live client: callers see errors, then the pool recovers.
@Suite struct RedisRestartTests {
    @Test func poolRecoversAfterTheServerRestarts() async throws {
        let port = TestEndpoints.freePort()
        let directory = TestEndpoints.temporaryDirectory("restart")
        var server = try TestRedisServer(port: port, directory: directory)
        let client = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port)),
                maximumConnections: 4,
                commandTimeout: .seconds(1),
                reconnectBackoffBase: .milliseconds(20),
                reconnectBackoffMax: .milliseconds(200)
            )
        )
        try await retrying { try await client.ping() }
        try await client.send("SET", "k", "before")

        try await server.stop()
        // With the server gone, callers get errors rather than hanging.
        for _ in 0..<3 {
            let start = ContinuousClock.now
            await #expect(throws: (any Error).self) { try await client.send("GET", "k") }
            #expect(start.duration(to: .now) < .seconds(4), "an error at once, not after the 5 s command timeout")
        }

        server = try TestRedisServer(port: port, directory: directory)
        try await retrying { try await client.ping() }
        try await client.send("SET", "k", "after")
        #expect(try await client.send("GET", "k").string == "after")
        await client.shutDown()
        try await server.stop()
    }
}
