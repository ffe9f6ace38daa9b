import App
import ArgumentParser

/// `discordination config check`: validates the configuration and prints every key's effective value.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print its effective values, secrets masked."
        )

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            print(configuration.resolved.rendered())
        }
    }
}
