import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Testing

/// The caller reaches the route through the context; a bad token is refused before the route runs.
@Suite struct TokenAuthenticatorTests {
    func app(_ sessions: Sessions) -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        router.add(middleware: TokenAuthenticator(sessions: sessions))
        router.get("who") { _, context -> String in
            guard let caller = context.identity else { return "anonymous" }
            return "\(caller.userID) bot=\(caller.isBot)"
        }
        router.post("upload") { _, context -> String in try context.requireCaller().userID }
        return Application(router: router)
    }

    @Test func sessionAndBotTokensNameTheirCaller() async throws {
        try await withSessions { sessions, _ in
            let (_, user) = try await sessions.create(userID: "01USER", kind: .session, name: "web")
            let (_, bot) = try await sessions.create(userID: "01BOT", kind: .bot, name: "bot")
            try await app(sessions).test(.router) { client in
                let anonymous = try await client.execute(uri: "/who", method: .get)
                #expect(String(buffer: anonymous.body) == "anonymous")
                let asUser = try await client.execute(
                    uri: "/who", method: .get, headers: [HTTPField.Name("X-Session-Token")!: user])
                #expect(String(buffer: asUser.body) == "01USER bot=false")
                let asBot = try await client.execute(
                    uri: "/who", method: .get, headers: [HTTPField.Name("X-Bot-Token")!: bot])
                #expect(String(buffer: asBot.body) == "01BOT bot=true")
            }
        }
    }

    @Test func badTokensAreRefusedAndAnonymousCallersWhereOneIsRequired() async throws {
        try await withSessions { sessions, _ in
            let (_, bot) = try await sessions.create(userID: "01BOT", kind: .bot, name: "bot")
            try await app(sessions).test(.router) { client in
                // A bot token sent as a session token proves nothing.
                let swapped = try await client.execute(
                    uri: "/who", method: .get, headers: [HTTPField.Name("X-Session-Token")!: bot])
                #expect(swapped.status == .unauthorized)
                #expect(String(buffer: swapped.body).contains(#""type":"InvalidSession""#))
                #expect(swapped.headers[.connection] == nil)
                // A refused request with a body says the connection closes, so the body is not read for nothing.
                let withBody = try await client.execute(
                    uri: "/upload", method: .post,
                    headers: [HTTPField.Name("X-Session-Token")!: "stale", .contentLength: "5"],
                    body: ByteBuffer(string: "hello"))
                #expect(withBody.status == .unauthorized)
                #expect(withBody.headers[.connection] == "close")
                let anonymous = try await client.execute(uri: "/upload", method: .post, body: ByteBuffer())
                #expect(anonymous.status == .unauthorized)
                #expect(String(buffer: anonymous.body).contains(#""type":"NotAuthenticated""#))
            }
        }
    }
}
