import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RedisClient
import Storage
import Testing

@testable import HTTPSupport

/// Whatever a handler throws leaves as the documented JSON shape; only the request id is told.
@Suite struct ErrorMiddlewareTests {
    struct Secret: Error {}

    func app() -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("redis-down") { _, _ -> String in throw RedisError.connectionFailed("10.1.2.3:6379 refused") }
        router.get("store-down") { _, _ -> String in throw StorageError.unreachable("s3.internal: timed out") }
        router.get("bug") { _, _ -> String in throw Secret() }
        router.get("documented") { _, _ -> String in throw APIError.fileTooLarge }
        return Application(router: router)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func anUnreachableBackendIs503WithTheRequestID() async throws {
        try await app().test(.router) { client in
            for path in ["/redis-down", "/store-down"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.retryAfter] == "1")
                let body = try json(response)
                #expect(body["type"] as? String == "ServiceUnavailable")
                #expect(body["request_id"] as? String == "test-request")
                #expect(!String(buffer: response.body).contains("10.1.2.3"))
                #expect(!String(buffer: response.body).contains("s3.internal"))
            }
        }
    }

    @Test func anyOtherErrorIs500InternalError() async throws {
        try await app().test(.router) { client in
            let response = try await client.execute(uri: "/bug", method: .get)
            #expect(response.status == .internalServerError)
            #expect(try json(response) as NSDictionary == ["type": "InternalError", "request_id": "test-request"])
        }
    }

    @Test func documentedErrorsPassAsTheyAre() async throws {
        try await app().test(.router) { client in
            let response = try await client.execute(uri: "/documented", method: .get)
            #expect(response.status == .unprocessableContent)
            #expect(try json(response) as NSDictionary == ["type": "FileTooLarge", "max": 5])
        }
    }
}

extension APIError {
    fileprivate static let fileTooLarge = APIError(.unprocessableContent, "FileTooLarge", ["max": .int(5)])
}
