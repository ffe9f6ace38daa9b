import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Testing

@Suite struct AdminTokenMiddlewareTests {
    func app(token: String) -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        router.add(middleware: AdminTokenMiddleware(token: token, key: "files.admin_token"))
        router.get("secret") { _, _ in "in" }
        return Application(router: router)
    }

    @Test func onlyTheConfiguredBearerTokenGetsIn() async throws {
        try await app(token: "s3cret").test(.router) { client in
            #expect(try await client.execute(uri: "/secret", method: .get).status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/secret", method: .get, headers: [.authorization: "Bearer s3cre"])
            #expect(wrong.status == .forbidden)
            let right = try await client.execute(
                uri: "/secret", method: .get, headers: [.authorization: "Bearer s3cret"])
            #expect(right.status == .ok)
            #expect(String(buffer: right.body) == "in")
        }
    }

    @Test func withoutAConfiguredTokenEveryCallIsRefused() async throws {
        try await app(token: "").test(.router) { client in
            let response = try await client.execute(uri: "/secret", method: .get, headers: [.authorization: "Bearer "])
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body).contains("files.admin_token is not set"))
        }
    }
}
