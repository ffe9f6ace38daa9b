import App
import ArgumentParser
import ChatAPI
import Foundation
import HTTPSupport
import Storage

/// `discordination user …`: accounts made by the operator, for the first users of an installation and for
/// installations whose sign-up is closed (`api.registration = closed`).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Create chat accounts from the command line.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create an onboarded account; the password is read from standard input unless --password is given.")

        @OptionGroup var options: ConfigurationOptions
        @Option(help: "The email the account logs in with.") var email: String
        @Option(help: "The username (2 to 32 letters, digits, _ . -); a discriminator is added.") var username: String
        @Option(help: "The password (visible to other local users in the process list; prefer standard input).")
        var password: String?

        func run() async throws {
            let configuration = try options.load()
            guard let password = password ?? readLine(strippingNewline: true), !password.isEmpty else {
                printError("no password: give --password or write it to standard input")
                throw ExitCode(1)
            }
            do {
                let user = try await withMetadataStore(configuration) { store in
                    try await store.migrate()
                    return try await AccountRegistration(metadata: store).create(
                        email: email, password: password, username: username)
                }
                print("user   \(user.id)")
                print("name   \(user.username)#\(user.discriminator)")
                print("login  \(email)")
            } catch let error as APIError {
                let detail = error.fields.isEmpty ? "" : " \(error.fields)"
                printError("refused: \(error.type)\(detail)")
                throw ExitCode(1)
            }
        }
    }
}
