import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@testable import App

/// With Redis out of reach, the link proxy and GIF routes answer the documented JSON shape with 503 and the
/// request id, never a bare 500 or the address they failed to reach.
@Suite struct RedisOutageRouteTests {
    @Test func januaryAndGifboxAnswer503InTheDocumentedShape() async throws {
        let configuration = try AppConfiguration.testing([
            // Nothing listens on port 1 of loopback: every connection is refused at once.
            "redis.url": "redis://127.0.0.1:1/0",
            "redis.connect_timeout": "500ms",
            "storage.data_dir": TestEndpoints.temporaryDirectory("outage"),
            "gifs.provider": "tenor",
            "gifs.base_url": "http://127.0.0.1:9/v2",
            "gifs.api_key": "unused",
            "gifs.anonymous": "true",
        ])
        try await buildApplication(configuration, roles: [.proxy, .gifs], logger: .quiet("redis-outage")).test(.router)
        { client in
            for uri in [
                "/january/embed?url=https%3A%2F%2Fexample.com%2F", "/gifbox/search?query=cats",
                "/gifs/v2/search?q=cats",
            ] {
                let response = try await client.execute(
                    uri: uri, method: .get, headers: [HTTPField.Name("X-Request-Id")!: "outage-1"])
                #expect(response.status == .serviceUnavailable, "\(uri)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(body["type"] as? String == "ServiceUnavailable", "\(uri)")
                #expect(body["request_id"] as? String == "outage-1")
                #expect(!String(buffer: response.body).contains("127.0.0.1"))
            }
        }
    }
}
