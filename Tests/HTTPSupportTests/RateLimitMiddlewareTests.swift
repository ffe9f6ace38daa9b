import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RedisClient
import TestSupport
import Testing

@testable import HTTPSupport

/// Against the real redis-server: the middleware counts per rule, answers 429 past the limit, and tells the client
/// where it stands in the chosen dialect on every answer.
@Suite struct RateLimitMiddlewareTests {
    @Test func requestsPastTheLimitAreRefusedWithRevoltHeaders() async throws {
        let redis = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
        let prefix = "test:rlm:\(UUID().uuidString.prefix(8)):"
        let router = Router(context: TestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: RateLimitMiddleware(
                limiter: RedisRateLimiter(redis: redis, prefix: prefix), style: .revolt
            ) { request, context in
                request.uri.path == "/free"
                    ? nil
                    : (key: "any:\(context.clientAddress)", bucket: "any", limit: 2, window: .seconds(60))
            })
        router.get("limited") { _, _ in "ok" }
        router.get("free") { _, _ in "ok" }
        try await Application(router: router).test(.router) { client in
            for remaining in ["1", "0"] {
                let response = try await client.execute(uri: "/limited", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == remaining)
                #expect(response.headers[HTTPField.Name("X-RateLimit-Bucket")!] == "any")
                let resetAfter = Int(response.headers[HTTPField.Name("X-RateLimit-Reset-After")!] ?? "") ?? 0
                #expect((1...60_000).contains(resetAfter))
            }
            let refused = try await client.execute(uri: "/limited", method: .get)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[HTTPField.Name("X-RateLimit-Limit")!] == "2")
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any])
            #expect(body["type"] as? String == "RateLimited")
            #expect(((body["retry_after"] as? Int) ?? 0) > 1000)
            let free = try await client.execute(uri: "/free", method: .get)
            #expect(free.status == .ok)
            #expect(free.headers[HTTPField.Name("X-RateLimit-Limit")!] == nil)
        }
        await redis.shutDown()
    }
}
