import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import Testing

@testable import App

/// The internal API the chat platform calls: attach, report, delete, read a record; admin token required.
@Suite struct InternalFilesRouteTests {
    static let admin: HTTPFields = [.authorization: "Bearer admin-secret", .contentType: "application/json"]

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func thePlatformAttachesReportsAndDeletesFiles() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, UploadSamples.text("attach me"), filename: "a.txt")

            let record = try json(
                try await client.execute(uri: "/internal/files/\(id)", method: .get, headers: Self.admin))
            #expect(record["_id"] as? String == id)
            #expect(record["tag"] as? String == "attachments")
            #expect(record["uploader_id"] as? String == fixture.userID)
            #expect((record["metadata"] as? [String: Any])?["type"] as? String == "Text")
            #expect(record["used_for"] == nil)

            let usage = ByteBuffer(string: #"{"type":"Message","id":"01HZX"}"#)
            let attached = try await client.execute(
                uri: "/internal/files/\(id)/used_for", method: .put, headers: Self.admin, body: usage
            )
            #expect(attached.status == .ok)
            #expect((try json(attached)["used_for"] as? [String: String]) == ["type": "Message", "id": "01HZX"])
            let again = try await client.execute(
                uri: "/internal/files/\(id)/used_for", method: .put, headers: Self.admin, body: usage
            )
            #expect(again.status == .ok, "attaching to the same thing twice is idempotent")
            let elsewhere = try await client.execute(
                uri: "/internal/files/\(id)/used_for", method: .put, headers: Self.admin,
                body: ByteBuffer(string: #"{"type":"UserAvatar","id":"u1"}"#)
            )
            #expect(elsewhere.status == .conflict)
            let badType = try await client.execute(
                uri: "/internal/files/\(id)/used_for", method: .put, headers: Self.admin,
                body: ByteBuffer(string: #"{"type":"Sticker","id":"s1"}"#)
            )
            #expect(badType.status == .badRequest)

            let reported = try await client.execute(
                uri: "/internal/files/\(id)/report", method: .put, headers: Self.admin)
            #expect(try json(reported)["reported"] as? Bool == true)
            let unreported = try await client.execute(
                uri: "/internal/files/\(id)/report", method: .delete, headers: Self.admin
            )
            #expect(try json(unreported)["reported"] as? Bool == false)

            let deleted = try await client.execute(uri: "/internal/files/\(id)", method: .delete, headers: Self.admin)
            #expect(try json(deleted)["deleted"] as? Bool == true)
            #expect(try await client.execute(uri: "/autumn/attachments/\(id)/a.txt", method: .get).status == .notFound)
        }
    }

    @Test func theAPINeedsTheAdminToken() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            #expect(try await client.execute(uri: "/internal/files/abc", method: .get).status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/internal/files/abc", method: .get, headers: [.authorization: "Bearer admin-secreT"]
            )
            #expect(wrong.status == .forbidden)
            let missing = try await client.execute(uri: "/internal/files/abc", method: .get, headers: Self.admin)
            #expect(missing.status == .notFound)
        }
        let disabled = try await FileServerFixture.make(.disk, ["files.admin_token": ""])
        try await buildApplication(disabled.configuration).test(.router) { client in
            let refused = try await client.execute(uri: "/internal/files/abc", method: .get, headers: Self.admin)
            #expect(refused.status == .forbidden)
        }
    }
}
