import Foundation
import Identity
import Storage
import Testing

/// Tokens are made once, proved by their hash, refused by kind, length, expiry and revocation.
@Suite struct SessionsTests {
    @Test func aTokenProvesItsCallerUntilRevoked() async throws {
        try await withSessions { sessions, _ in
            let (session, token) = try await sessions.create(userID: "01USER", kind: .session, name: "laptop")
            let caller = try #require(try await sessions.verify(token: token, kind: .session))
            #expect(caller.userID == "01USER")
            #expect(!caller.isBot)
            #expect(caller.sessionID == session.id)
            // The other kind, a changed token, an empty or absurdly long one prove nothing.
            #expect(try await sessions.verify(token: token, kind: .bot) == nil)
            #expect(try await sessions.verify(token: token + "x", kind: .session) == nil)
            #expect(try await sessions.verify(token: "", kind: .session) == nil)
            #expect(try await sessions.verify(token: String(repeating: "a", count: 600), kind: .session) == nil)
            #expect(try await sessions.revoke(id: session.id))
            #expect(try await sessions.verify(token: token, kind: .session) == nil)
            #expect(try await sessions.revoke(id: session.id) == false)
        }
    }

    @Test func botTokensProveABotAndExpire() async throws {
        try await withSessions { sessions, _ in
            let (_, token) = try await sessions.create(
                userID: "01BOT", kind: .bot, name: "ci", expiresAt: .now.addingTimeInterval(60))
            #expect(try await sessions.verify(token: token, kind: .bot)?.isBot == true)
            #expect(try await sessions.verify(token: token, kind: .bot, now: .now.addingTimeInterval(120)) == nil)
        }
    }
}
