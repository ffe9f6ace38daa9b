import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import RedisClient
import TestSupport
import Testing

@testable import App

/// A thousand link-proxy requests waiting for their fetch jobs at once hold one Redis subscription connection
/// between them, not one each. A redis-server of the test's own, so `CLIENT LIST` counts this process only.
@Suite struct SharedSubscriptionRouteTests {
    @Test func aThousandCacheMissWaitsHoldOneSubscriptionConnection() async throws {
        let server = try TestRedisServer(
            port: TestEndpoints.freePort(), directory: TestEndpoints.temporaryDirectory("shared-sub"))
        let redis = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: RedisEndpoint(address: .tcp(host: "127.0.0.1", port: server.port))))
        let namespace = "ss-\(UUID().uuidString.prefix(8).lowercased())"
        let configuration = try AppConfiguration.testing([
            "redis.url": server.url,
            "jobs.namespace": namespace,
            "redis.key_prefix": namespace,
            "storage.data_dir": TestEndpoints.temporaryDirectory("shared-sub"),
            // No worker runs here: every request waits for a fetch nobody makes.
            "proxy.wait": "60s",
            "redis.command_timeout": "30s",
        ])
        let (waiting, pubsubConnections) = try await buildApplication(
            configuration, roles: [.proxy], logger: .quiet("shared-subscription")
        ).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let url = "https%3A%2F%2Fexample.com%2Fpage-\(index)"
                        _ = try? await client.execute(uri: "/january/embed?url=\(url)", method: .get)
                    }
                }
                // Every request is waiting once its result channel is subscribed; on a loaded machine that takes a
                // while, so the wait and the deadline are long, and the requests are cancelled once counted.
                let deadline = ContinuousClock.now + .seconds(50)
                var waiting = 0
                repeat {
                    try await Task.sleep(for: .milliseconds(100))
                    let channels = try await redis.send("PUBSUB", "CHANNELS", "\(namespace):result:*")
                    waiting = channels.array?.count ?? 0
                } while waiting < 1000 && ContinuousClock.now < deadline
                let list = try await redis.send("CLIENT", "LIST", "TYPE", "pubsub").string ?? ""
                group.cancelAll()
                return (waiting, list.split(separator: "\n").count)
            }
        }
        await redis.shutDown()
        try await server.stop()
        #expect(waiting == 1000, "every request was waiting on its result channel")
        #expect(pubsubConnections == 1)
    }
}
