import App
import ArgumentParser

/// `discordination config check`: validates the configuration and prints every key's effective value;
/// `discordination config docs`: prints the configuration reference (`docs/configuration.md`).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self, Docs.self]
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

    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the configuration reference (docs/configuration.md) as the key registry has it."
        )

        func run() {
            print(ConfigurationReference.markdown(), terminator: "")
        }
    }
}
