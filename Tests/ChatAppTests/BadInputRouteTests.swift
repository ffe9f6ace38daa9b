import ChatAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import Testing

@testable import App

/// Every kind of bad input answers Revolt's error shape with the right status and changes nothing: no message
/// stored, no file attached, no member changed. The same suite on SQLite and PostgreSQL.
@Suite struct BadInputRouteTests {
    @Test(arguments: ChatFixture.Backend.allCases)
    func badInputIsRefusedAndStoresNothing(backend: ChatFixture.Backend) async throws {
        let fixture = try await ChatFixture.make(backend, ["api.max_body_bytes": "4096"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let api = APIClient(client: client)
            let (owner, ownerID) = try await api.signUp("owner")
            let (guest, guestID) = try await api.signUp("guest")
            let made = try await owner.post("/servers/create", ["name": "Strict"])
            let serverID = try #require((made["server"] as? [String: Any])?["_id"] as? String)
            let channel = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let code = try #require(try await owner.post("/channels/\(channel)/invites")["_id"] as? String)
            #expect(try await guest.post("/invites/\(code)").status == .ok)
            let first = try await owner.post("/channels/\(channel)/messages", ["content": "the only message"])
            let firstID = try #require(first["_id"] as? String)
            let messages = "/channels/\(channel)/messages"

            func expectError(
                _ answer: APIClient.Answer, _ status: HTTPResponse.Status, _ type: String,
                sourceLocation: SourceLocation = #_sourceLocation
            ) {
                #expect(answer.status == status, "\(answer.string)", sourceLocation: sourceLocation)
                #expect(answer.type == type, "\(answer.string)", sourceLocation: sourceLocation)
                #expect(
                    answer.headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
            }

            expectError(try await owner.request(.post, messages, raw: "{not json"), .badRequest, "FailedValidation")
            expectError(try await owner.post(messages, ["content": 42]), .badRequest, "FailedValidation")
            expectError(
                try await owner.post(messages, ["content": String(repeating: "a", count: 5000)]), .unprocessableContent,
                "PayloadTooLarge")
            expectError(
                try await owner.post(messages, ["content": String(repeating: "é", count: 2001)]), .badRequest,
                "FailedValidation")
            expectError(try await owner.post(messages, ["content": ""]), .unprocessableContent, "EmptyMessage")

            var uploads: [String] = []
            for _ in 0..<6 { uploads.append(try await fixture.upload(by: ownerID)) }
            expectError(
                try await owner.post(messages, ["content": "six", "attachments": uploads]), .badRequest,
                "TooManyAttachments")
            let guestsUpload = try await fixture.upload(by: guestID)
            expectError(
                try await owner.post(messages, ["content": "theirs", "attachments": [uploads[0], guestsUpload]]),
                .badRequest, "UnknownAttachment")
            let deleted = try await fixture.upload(by: ownerID, deleted: true)
            expectError(
                try await owner.post(messages, ["content": "gone", "attachments": [deleted]]), .badRequest,
                "UnknownAttachment")
            let used = try await owner.post(messages, ["content": "with a file", "attachments": [uploads[1]]])
            #expect(used.status == .ok)
            expectError(
                try await owner.post(messages, ["content": "again", "attachments": [uploads[1]]]), .badRequest,
                "UnknownAttachment")
            expectError(try await owner.patch("/users/@me", ["avatar": uploads[2]]), .badRequest, "UnknownAttachment")
            // The refused sends attached nothing: the first file of the refused pair is still free.
            #expect(try await fixture.file(uploads[0])?.usedFor == nil)
            #expect(try await fixture.file(uploads[1])?.usedFor?.type == "message")
            #expect(try await fixture.file(uploads[2])?.usedFor == nil)

            expectError(try await owner.get("/channels/not-a-ulid/messages"), .notFound, "UnknownChannel")
            expectError(try await owner.get("/channels/\(ULID.make())"), .notFound, "UnknownChannel")
            expectError(try await owner.get("/servers/\(ULID.make())"), .notFound, "UnknownServer")
            expectError(try await owner.get("/users/\(ULID.make())"), .notFound, "UnknownUser")
            expectError(try await owner.get("\(messages)?limit=500"), .badRequest, "FailedValidation")
            expectError(try await owner.get("\(messages)?before=yesterday"), .badRequest, "FailedValidation")

            // Hidden channel: 404, as if it did not exist.
            let hidden = try #require(
                try await owner.post("/servers/\(serverID)/channels", ["name": "staff"])["_id"] as? String)
            _ = try await owner.put(
                "/channels/\(hidden)/permissions/default", ["permissions": ["allow": 0, "deny": 1 << 20]])
            expectError(
                try await guest.post("/channels/\(hidden)/messages", ["content": "hi"]), .notFound, "UnknownChannel")

            expectError(
                try await guest.patch("\(messages)/\(firstID)", ["content": "mine now"]), .forbidden,
                "CannotEditMessage")
            let deleteRefused = try await guest.delete("\(messages)/\(firstID)")
            expectError(deleteRefused, .forbidden, "MissingPermission")
            #expect(deleteRefused["permission"] as? String == "ManageMessages")

            // Roles: a member cannot make or hand out a role ranked at or above its own.
            let top = try #require(
                try await owner.post("/servers/\(serverID)/roles", ["name": "Top", "rank": 0])["id"] as? String)
            let low = try #require(
                try await owner.post("/servers/\(serverID)/roles", ["name": "Low", "rank": 5])["id"] as? String)
            _ = try await owner.put(
                "/servers/\(serverID)/permissions/\(low)", ["permissions": ["allow": (1 << 3) | (1 << 9), "deny": 0]])
            #expect(try await owner.patch("/servers/\(serverID)/members/\(guestID)", ["roles": [low]]).status == .ok)
            expectError(
                try await guest.patch("/servers/\(serverID)/members/\(guestID)", ["roles": [low, top]]), .forbidden,
                "NotElevated")
            expectError(
                try await guest.post("/servers/\(serverID)/roles", ["name": "Sneaky", "rank": 1]), .forbidden,
                "NotElevated")
            expectError(
                try await guest.request(.patch, "/servers/\(serverID)/roles/ranks", ["ranks": [low, top]]), .forbidden,
                "NotElevated")
            let reordered = try await owner.request(.patch, "/servers/\(serverID)/roles/ranks", ["ranks": [low, top]])
            #expect(reordered.status == .ok, "\(reordered.string)")
            let ranked = (reordered["roles"] as? [String: [String: Any]]) ?? [:]
            #expect(ranked[low]?["rank"] as? Int == 0 && ranked[top]?["rank"] as? Int == 1)

            // Nonce reuse: 409 and still one message.
            #expect(
                try await guest.post(messages, ["content": "once"], headers: ["Idempotency-Key": "k"]).status == .ok)
            expectError(
                try await guest.post(messages, ["content": "twice"], headers: ["Idempotency-Key": "k"]), .conflict,
                "DuplicateNonce")

            // Timed out: cannot send.
            let until = JSONCodingTimestamp.string(Date.now.addingTimeInterval(600))
            #expect(try await owner.patch("/servers/\(serverID)/members/\(guestID)", ["timeout": until]).status == .ok)
            expectError(try await guest.post(messages, ["content": "muted"]), .forbidden, "MissingPermission")

            // Banned: the server is gone for the guest, and it cannot come back.
            #expect(try await owner.put("/servers/\(serverID)/bans/\(guestID)").status == .ok)
            expectError(try await guest.post(messages, ["content": "banned"]), .notFound, "UnknownChannel")
            expectError(try await guest.post("/invites/\(code)"), .forbidden, "Banned")

            // Revoked and unknown tokens.
            let sessions = try await guest.get("/auth/session/all")
            #expect((sessions.json as? [[String: Any]])?.count == 1)
            #expect(try await guest.post("/auth/session/logout").status == .noContent)
            expectError(try await guest.get("/users/@me"), .unauthorized, "InvalidSession")
            expectError(try await api.with(token: "forged").get("/users/@me"), .unauthorized, "InvalidSession")
            expectError(try await api.get("/users/@me"), .unauthorized, "NotAuthenticated")
            expectError(
                try await api.post(
                    "/auth/session/login", ["email": "owner@example.com", "password": "wrong password"]),
                .unauthorized, "InvalidCredentials")

            let history = try await owner.get("\(messages)?limit=100")
            let contents = ((history.json as? [[String: Any]]) ?? []).compactMap { $0["content"] as? String }
            #expect(contents.sorted() == ["once", "the only message", "with a file"])
        }
    }

    @Test func rateLimitsCarryAllFourHeadersAndStopPasswordGuessing() async throws {
        let fixture = try await ChatFixture.make(.sqlite, ["api.rate_limits": "true"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let api = APIClient(client: client)
            let root = try await api.get("/")
            for header in [
                "X-RateLimit-Limit", "X-RateLimit-Bucket", "X-RateLimit-Remaining", "X-RateLimit-Reset-After",
            ] {
                #expect(root.headers[HTTPField.Name(header)!] != nil, "\(header) missing")
            }
            // All at once, so the bucket's window cannot refill between guesses however slow hashing is on a busy
            // machine: 15 are judged (and refused), the other 5 are limited before any hashing.
            typealias Outcome = (status: HTTPResponse.Status, retryAfter: Int?, bucket: String?)
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let answer = try await api.post(
                            "/auth/session/login", ["email": "nobody@example.com", "password": "guessing"])
                        return (
                            answer.status, answer["retry_after"] as? Int,
                            answer.headers[HTTPField.Name("X-RateLimit-Bucket")!]
                        )
                    }
                }
                return try await group.reduce(into: [Outcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0.status == .unauthorized }.count == 15)
            #expect(outcomes.filter { $0.status == .tooManyRequests }.count == 5)
            let limited = try #require(outcomes.first { $0.status == .tooManyRequests })
            let retryAfter = try #require(limited.retryAfter)
            #expect(retryAfter > 0 && retryAfter <= 10_000, "retry_after is in milliseconds")
            #expect(limited.bucket == "auth")
        }
    }
}
