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
        #expect(migrate.output.contains("applied 1, 2, 3, 4, 5"))
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

/// `discordination user create` and `token create|revoke`: an operator makes a user, and a token for it that
/// authenticates until it is revoked; tokens name real users, and bot tokens bots.
@Suite struct TokenCommandTests {
    let commandLine = CommandLineTests()

    static func fields(_ output: String) -> [String: String] {
        Dictionary(
            output.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            },
            uniquingKeysWith: { first, _ in first }
        )
    }

    @Test func aCreatedTokenAuthenticatesUntilRevoked() async throws {
        let directory = TestEndpoints.temporaryDirectory("tokens")
        let data = ["--set", "storage.data_dir=\(directory)"]
        let made = try await commandLine.run(
            ["user", "create", "--email", "ops@example.com", "--username", "operator", "--password", "long enough"]
                + data)
        #expect(made.status == 0, "\(made.errors)")
        let userID = try #require(Self.fields(made.output)["user"])
        #expect(Self.fields(made.output)["name"]?.hasPrefix("operator#") == true)
        let again = try await commandLine.run(
            ["user", "create", "--email", "OPS@example.com", "--username", "other", "--password", "long enough"] + data)
        #expect(again.status == 1 && again.errors.contains("EmailInUse"), "\(again.errors)")

        #expect(try await commandLine.run(["token", "create", "--user", "u-42"] + data).status == 1)
        #expect(try await commandLine.run(["token", "create", "--user", userID, "--bot"] + data).status == 1)
        let created = try await commandLine.run(["token", "create", "--user", userID, "--expires", "30d"] + data)
        #expect(created.status == 0, "\(created.errors)")
        let id = try #require(Self.fields(created.output)["id"])
        let token = try #require(Self.fields(created.output)["token"])

        let location = DatabaseLocation.sqlite(path: directory + "/metadata.sqlite")
        let session = try await MetadataStore.withStore(location: location, logger: .init(label: "test")) {
            try await $0.session(token: token, kind: .session)
        }
        #expect(session?.userID == userID)
        #expect(session?.expiresAt != nil)

        #expect(try await commandLine.run(["token", "revoke", id] + data).status == 0)
        #expect(try await commandLine.run(["token", "revoke", id] + data).status == 1)
        let revoked = try await MetadataStore.withStore(location: location, logger: .init(label: "test")) {
            try await $0.session(token: token, kind: .session)
        }
        #expect(revoked == nil)
        #expect(
            try await commandLine.run(["token", "create", "--user", userID, "--expires", "soon"] + data).status == 1)
    }
}
