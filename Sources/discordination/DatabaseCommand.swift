import App
import ArgumentParser
import Foundation
import Logging
import Storage

/// `discordination db …`: the metadata schema, for operators who migrate before they deploy.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Migrate the metadata database and show its schema version.",
        subcommands: [Migrate.self, Status.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the pending schema migrations.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            let applied = try await withMetadataStore(configuration) { try await $0.migrate() }
            if applied.isEmpty {
                print("\(configuration.database): schema is current")
            } else {
                print("\(configuration.database): applied \(applied.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the migrations and whether each is applied; exit 2 when some are pending.")

        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let configuration = try options.load()
            let status = try await withMetadataStore(configuration) { try await $0.schemaStatus() }
            if json {
                print(try Self.json(status, database: configuration.database))
            } else {
                print("database \(configuration.database)")
                for step in status.steps {
                    let applied = step.appliedAt.map { "applied \($0.formatted(.iso8601))" } ?? "pending"
                    print("  \(step.version)  \(applied)  \(step.name)")
                }
                for version in status.unknownVersions {
                    print("  \(version)  applied by a newer build (unknown here)")
                }
            }
            if !status.isCurrent { throw ExitCode(2) }
        }

        static func json(_ status: MetadataSchemaStatus, database: DatabaseLocation) throws -> String {
            struct Step: Encodable {
                var version: Int
                var name: String
                var appliedAt: Date?
            }
            struct Report: Encodable {
                var database: String
                var current: Bool
                var migrations: [Step]
                var unknownVersions: [Int]
            }
            let report = Report(
                database: database.description,
                current: status.isCurrent,
                migrations: status.steps.map { Step(version: $0.version, name: $0.name, appliedAt: $0.appliedAt) },
                unknownVersions: status.unknownVersions
            )
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        }
    }
}

/// Opens the metadata store for one command; a failure prints one line naming the database and exits 1.
func withMetadataStore<Result: Sendable>(
    _ configuration: AppConfiguration,
    _ body: (MetadataStore) async throws -> Result
) async throws -> Result {
    var logger = Logger(label: "discordination")
    logger.logLevel = .critical
    do {
        return try await MetadataStore.withStore(location: configuration.database, logger: logger, body)
    } catch {
        printError("\(error) (database \(configuration.database))")
        throw ExitCode(1)
    }
}
