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
        LargeAllocations.returnToSystemWhenFreed()
        let configuration = try options.load()
        configuration.bootstrapLogging()
        let logger = Logger(label: "discordination")
        let app: any ApplicationProtocol
        do {
            app = try buildApplication(configuration, logger: logger)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        try await app.runService()
    }
}
