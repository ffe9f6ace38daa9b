import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// The role subcommands build the parts they name and nothing else.
@Suite struct RoleTests {
    @Test func theFilesRoleServesAutumnAndTheWorkerRoleDoesNot() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
            let info = try await client.execute(uri: "/autumn/", method: .get)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(info.status == .ok && health.status == .ok)
        }
        try await buildApplication(fixture.configuration, roles: [.worker]).test(.router) { client in
            let info = try await client.execute(uri: "/autumn/", method: .get)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(info.status == .notFound && health.status == .ok)
        }
    }

    @Test func anEmptyPrefixMountsTheFileServerAtTheRoot() async throws {
        let fixture = try await FileServerFixture.make(.disk, ["files.path_prefix": ""])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let info = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: info.body).contains("Hello, I am a file server!"))
            let id = try await fixture.upload(
                client, UploadSamples.text("at the root"), filename: "root.txt", prefix: ""
            )
            let redirect = try await client.execute(uri: "/attachments/\(id)/original", method: .get)
            #expect(redirect.headers[.location] == "/attachments/\(id)/root.txt")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["files.path_prefix": "autumn/"]) }
    }
}
