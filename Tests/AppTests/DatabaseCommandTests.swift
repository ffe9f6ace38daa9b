import Foundation
import TestSupport
import Testing

/// `discordination db migrate|status` against SQLite and the real PostgreSQL, run as an operator would.
@Suite struct DatabaseCommandTests {
    let commandLine = CommandLineTests()

    @Test func statusReportsPendingUntilMigrateAppliesThem() throws {
        let sqlite = ["--set", "storage.data_dir=\(TestEndpoints.temporaryDirectory("dbcommand"))"]
        let before = try commandLine.run(["db", "status"] + sqlite)
        #expect(before.status == 2, "pending migrations exit 2")
        #expect(before.output.contains("1  pending"))

        let migrate = try commandLine.run(["db", "migrate"] + sqlite)
        #expect(migrate.status == 0, "\(migrate.errors)")
        #expect(migrate.output.contains("applied 1"))
        #expect(try commandLine.run(["db", "migrate"] + sqlite).output.contains("schema is current"))

        let after = try commandLine.run(["db", "status", "--json"] + sqlite)
        #expect(after.status == 0)
        #expect(after.output.contains(#""current":true"#))
    }

    @Test func postgresIsMigratedAndARefusedPasswordIsNamed() throws {
        let postgres = ["--set", "database.url=\(TestEndpoints.postgresURL)"]
        #expect(try commandLine.run(["db", "migrate"] + postgres).status == 0)
        #expect(try commandLine.run(["db", "status"] + postgres).status == 0)

        let wrong = TestEndpoints.postgresURL.replacingOccurrences(of: ":discordination@", with: ":wrong@")
        let refused = try commandLine.run(["db", "status", "--set", "database.url=\(wrong)"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("access denied"))
        #expect(!refused.errors.contains("wrong@"), "the password is masked")
    }
}
