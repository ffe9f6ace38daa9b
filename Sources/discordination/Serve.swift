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

/// `discordination files`: the Autumn file server alone (uploads, downloads, the internal files API); its
/// `media.*` jobs are run by `worker` or `serve` processes sharing the Redis server.
struct Files: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the file server (/autumn) without a job worker.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles([.files], options: options)
    }
}

/// `discordination proxy`: the January link proxy alone (`/january/embed`, `/january/proxy`); its `embed.fetch`
/// and `proxy.fetch` jobs are run by `worker` or `serve` processes sharing the Redis server.
struct Proxy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the link proxy (/january) without a job worker.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles([.proxy], options: options)
    }
}

/// `discordination gifs`: the GIF search proxy alone (`/gifbox/*`, `/gifs/*`); its `gif.fetch` and `gif.mirror`
/// jobs are run by `worker` or `serve` processes sharing the Redis server.
struct Gifs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the GIF proxy (/gifbox, /gifs) without a job worker.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles([.gifs], options: options)
    }
}

/// `discordination worker`: runs queued jobs; its HTTP port serves only `/healthz`, `/readyz` and `/metrics`.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the job worker without a front end.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await runRoles([.worker], options: options)
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
