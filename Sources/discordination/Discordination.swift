import App
import ArgumentParser
import Foundation
import Media
import RedisClient

/// The one executable: `serve`, a subcommand per role (from `AppRole`), and the operators' commands.
@main
struct Discordination: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discordination",
        abstract: "The media core of a self-hosted chat platform.",
        version: "discordination \(DiscordinationVersion.current) (libvips \(MediaLibraries.vipsVersion), "
            + "libavformat \(MediaLibraries.avformatVersion), FFmpeg \(MediaLibraries.ffmpegRelease))",
        subcommands: [Serve.self] + AppRole.allCases.map(\.command) + [
            ConfigCommand.self, QueueCommand.self, DatabaseCommand.self, TokenCommand.self, UserCommand.self,
        ]
    )

    /// Tasks run on NIO's event loops (`GlobalExecutor`) in every command, so the services' Redis round trips and
    /// socket writes make no thread hops. `DISCORDINATION_EXECUTOR=swift` keeps Swift's own pool instead (to compare,
    /// or to rule the executor out when something stalls).
    static func main() async {
        if ProcessInfo.processInfo.environment["DISCORDINATION_EXECUTOR"] != "swift" {
            GlobalExecutor.useEventLoops()
        }
        await main(nil)
    }
}

/// The options every role reads its configuration with.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "TOML configuration file (default: ./discordination.toml when it exists).")
    var config: String?

    @Option(name: [.customShort("s"), .long], help: "Set a configuration key, e.g. --set http.port=8080 (repeatable).")
    var set: [String] = []

    /// Loads the configuration, or prints the one line naming the bad key and exits 1.
    func load() throws -> AppConfiguration {
        do {
            return try AppConfiguration.load(flags: set, configPath: config)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

func printError(_ message: String) {
    var standardError = StandardError()
    print("discordination: \(message)", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.standardError(string)
    }
}
