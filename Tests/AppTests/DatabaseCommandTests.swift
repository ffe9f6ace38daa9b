import Foundation
import Storage
import TestSupport
import Testing

/// `discordination db migrate|status` against SQLite and the real PostgreSQL, run as an operator would.
@Suite struct DatabaseCommandTests {
    let commandLine = CommandLineTests()

    @Test func statusReportsPendingUntilMigrateAppliesThem() async throws {
        let sqlite = ["--set", "storage.data_dir=\(TestEndpoints.temporaryDirectory("dbcommand"))"]
        let before = try await commandLine.run(["db", "status"] + sqlite)
        #expect(before.status == 2, "pending migrations exit 2")
        #expect(before.output.contains("1  pending"))

        let migrate = try await commandLine.run(["db", "migrate"] + sqlite)
        #expect(migrate.status == 0, "\(migrate.errors)")
        #expect(migrate.output.contains("applied 1, 2"))
        #expect(try await commandLine.run(["db", "migrate"] + sqlite).output.contains("schema is current"))

        let after = try await commandLine.run(["db", "status", "--json"] + sqlite)
        #expect(after.status == 0)
        #expect(after.output.contains(#""current":true"#))
    }

    @Test func postgresIsMigratedAndARefusedPasswordIsNamed() async throws {
        let postgres = ["--set", "database.url=\(TestEndpoints.postgresURL)"]
        #expect(try await commandLine.run(["db", "migrate"] + postgres).status == 0)
        #expect(try await commandLine.run(["db", "status"] + postgres).status == 0)

        let wrong = TestEndpoints.postgresURL.replacingOccurrences(of: ":discordination@", with: ":wrong@")
        let refused = try await commandLine.run(["db", "status", "--set", "database.url=\(wrong)"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("access denied"))
        #expect(!refused.errors.contains("wrong@"), "the password is masked")
    }
}

/// `discordination token create|revoke`: the printed token authenticates until it is revoked.
@Suite struct TokenCommandTests {
    let commandLine = CommandLineTests()

    @Test func aCreatedTokenAuthenticatesUntilRevoked() async throws {
        let directory = TestEndpoints.temporaryDirectory("tokens")
        let data = ["--set", "storage.data_dir=\(directory)"]
        let created = try await commandLine.run(
            ["token", "create", "--user", "u-42", "--bot", "--expires", "30d"] + data)
        #expect(created.status == 0, "\(created.errors)")
        let fields = Dictionary(
            created.output.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            },
            uniquingKeysWith: { first, _ in first }
        )
        let id = try #require(fields["id"])
        let token = try #require(fields["token"])

        let location = DatabaseLocation.sqlite(path: directory + "/metadata.sqlite")
        let session = try await MetadataStore.withStore(location: location, logger: .init(label: "test")) {
            try await $0.session(token: token, kind: .bot)
        }
        #expect(session?.userID == "u-42")
        #expect(session?.expiresAt != nil)

        #expect(try await commandLine.run(["token", "revoke", id] + data).status == 0)
        #expect(try await commandLine.run(["token", "revoke", id] + data).status == 1)
        let revoked = try await MetadataStore.withStore(location: location, logger: .init(label: "test")) {
            try await $0.session(token: token, kind: .bot)
        }
        #expect(revoked == nil)
        #expect(try await commandLine.run(["token", "create", "--user", "u", "--expires", "soon"] + data).status == 1)
    }
}
