import App
import ArgumentParser
import ChatAPI
import Foundation
import Identity
import Storage

/// `discordination token …`: session and bot tokens for the APIs, kept hashed in the metadata database.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create and revoke the session and bot tokens clients authenticate with.",
        subcommands: [Create.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token for a user; it is printed once and only its hash is stored.")

        @OptionGroup var options: ConfigurationOptions
        @Option(help: "The user the token acts for.") var user: String
        @Flag(help: "A bot token (X-Bot-Token) instead of a session token (X-Session-Token).") var bot = false
        @Option(help: "A name to recognise the token by.") var name = "created by the command line"
        @Option(help: "Lifetime such as 30d or 12h; none means it does not expire.") var expires: String?

        func run() async throws {
            let configuration = try options.load()
            var expiry: Date?
            if let expires {
                guard let lifetime = ConfigurationKey.parseDuration(expires) else {
                    printError("--expires wants a duration such as 12h or 30d, got '\(expires)'")
                    throw ExitCode(1)
                }
                expiry = Date.now.addingTimeInterval(Double(lifetime.components.seconds))
            }
            let kind: SessionRecord.Kind = bot ? .bot : .session
            let made = try await withMetadataStore(configuration) { store -> (SessionRecord, String)? in
                try await store.migrate()
                // The token names a real user of the chat API, and a bot token a bot.
                guard let found = try await AccountRegistration(metadata: store).kind(ofUser: user),
                    found.isBot == bot
                else { return nil }
                return try await Sessions(metadata: store).create(
                    userID: user, kind: kind, name: name, expiresAt: expiry)
            }
            guard let (session, token) = made else {
                printError(bot ? "no bot has the id \(user)" : "no user has the id \(user) (bots take --bot)")
                throw ExitCode(1)
            }
            print("id     \(session.id)")
            print("user   \(session.userID) (\(kind == .bot ? "X-Bot-Token" : "X-Session-Token"))")
            print("token  \(token)")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id; exit 1 when none has it.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The id printed by `token create`.") var id: String

        func run() async throws {
            let configuration = try options.load()
            guard try await withMetadataStore(configuration, { try await Sessions(metadata: $0).revoke(id: id) }) else {
                printError("no token has the id \(id)")
                throw ExitCode(1)
            }
            print("revoked \(id)")
        }
    }
}
