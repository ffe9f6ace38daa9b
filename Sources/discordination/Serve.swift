import App
import ArgumentParser
import Hummingbird
import Logging
import Storage

/// `discordination serve`: every role in one process, with embedded defaults when nothing is configured.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every role in one process.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles(Set(AppRole.allCases), options: options)
    }
}

/// `discordination ROLE`: one role alone, named and described by its definition. A front-end role's jobs are run by
/// `worker` or `serve` processes sharing its Redis server.
struct RoleCommand<Definition: RoleDefinition>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Definition.role.rawValue, abstract: Definition.summary)
    }

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles([Definition.role], options: options)
    }
}

extension AppRole {
    /// The role's subcommand: `RoleCommand` for most; `cleanup` has its own, which also runs one pass now.
    var command: any ParsableCommand.Type {
        self == .cleanup ? CleanupCommand.self : Self.command(for: definition)
    }

    private static func command<Definition: RoleDefinition>(
        for definition: Definition.Type
    )
        -> any ParsableCommand.Type
    {
        RoleCommand<Definition>.self
    }
}

/// Loads the configuration and runs `roles` until SIGTERM or SIGINT.
func runRoles(_ roles: Set<AppRole>, options: ConfigurationOptions) async throws {
    LargeAllocations.returnToSystemWhenFreed()
    MallocArenas.limitToOnePerCore()
    let configuration = try options.load()
    configuration.bootstrapLogging()
    let logger = Logger(label: "discordination")
    let app: any ApplicationProtocol
    do {
        app = try buildApplication(configuration, roles: roles, logger: logger)
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
    try await app.runService()
}
