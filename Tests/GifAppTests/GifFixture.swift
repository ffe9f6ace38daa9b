import Foundation
import GifProxy
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import RedisClient
import TestSupport

@testable import App

/// A GIF proxy test's world: the fake provider on loopback and a configuration pointing the app at it, with a
/// namespace of its own in the real Redis.
struct GifFixture {
    let provider: FakeGifProvider
    let configuration: AppConfiguration
    let namespace: String
    /// What cached answers are aged by: tests move it past a TTL instead of sleeping.
    let clock: ManualWallClock

    static func make(_ kind: String = "tenor", _ overrides: [String: String] = [:]) async throws -> GifFixture {
        let provider = try await FakeGifProvider()
        let namespace = "gif-\(UUID().uuidString.prefix(8).lowercased())"
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": namespace,
            "redis.key_prefix": namespace,
            "storage.data_dir": TestEndpoints.temporaryDirectory("gifs"),
            "http.port": "0",
            "log.level": "warning",
            "gifs.provider": kind,
            "gifs.base_url": provider.baseURL,
            "gifs.api_key": provider.key,
            "gifs.anonymous": "true",
            "gifs.rate_limit": "100000",
            "gifs.timeout": "10s",
            "gifs.wait": "30s",
            "proxy.allow": "127.0.0.1/32",
            "proxy.ports": "80,443,\(provider.origin.port)",
        ]
        values.merge(overrides) { _, new in new }
        let clock = ManualWallClock()
        var configuration = try AppConfiguration.testing(values)
        configuration.wallClock = clock.now
        return GifFixture(provider: provider, configuration: configuration, namespace: namespace, clock: clock)
    }

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var results: [[String: Any]] { object["results"] as? [[String: Any]] ?? [] }
        var cache: String? { headers[HTTPField.Name("X-Cache")!] }
        var type: String? { object["type"] as? String }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> Answer
    {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        return Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// The answer keys this fixture's namespace holds in Redis.
    func cachedAnswers() async throws -> Int {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let count = try await redis.send("KEYS", "\(namespace):gifs:answer:*").array?.count ?? 0
        await redis.shutDown()
        return count
    }

    /// The GIF rate-limit counters this fixture's namespace holds in Redis.
    func rateLimitCounts() async throws -> [String] {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        var counts: [String] = []
        for key in try await redis.send("KEYS", "\(namespace):rl:gifs:*").array ?? [] {
            if let key = key.string, let count = try await redis.send("GET", key).string { counts.append(count) }
        }
        await redis.shutDown()
        return counts
    }

    /// Waits until `condition` holds, for at most `seconds`.
    static func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// Keeps every log line and its metadata, to check that no secret is ever logged.
final class CapturedLogs: Sendable {
    let lines = NIOLockedValueBox<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "gif-test") { _ in Handler(lines: self.lines) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let lines: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            lines.withLockedValue { $0.append("\(event.message) \(all)") }
        }
    }
}
