import HTTPSupport
import Storage

/// Making accounts outside the HTTP API: `discordination user create` bootstraps the first users of an installation
/// (with `api.registration = closed`, the only way), and `token create` checks the user it names exists.
public struct AccountRegistration: Sendable {
    let store: ChatStore
    let passwords: PasswordHasher

    public init(metadata: MetadataStore, passwords: PasswordHasher = PasswordHasher()) {
        store = ChatStore(metadata: metadata)
        self.passwords = passwords
    }

    /// An onboarded account: email and password to log in with, its user named `username` (the discriminator is
    /// picked as for any sign-up). Throws the API's error (`EmailInUse`, `UsernameTaken`, `ShortPassword`, …).
    public func create(
        email: String, password: String, username: String
    ) async throws -> (id: String, username: String, discriminator: String) {
        try AuthRules.validate(email: email)
        try AuthRules.validate(password: password)
        try AuthRules.validate(username: username)
        let id = ULID.make()
        guard try await store.createAccount(id: id, email: email, passwordHash: try await passwords.hash(password))
        else {
            throw APIError.emailInUse
        }
        guard let user = try await store.createUser(id: id, username: username) else { throw APIError.usernameTaken }
        return (user.id, user.username, user.discriminator)
    }

    /// Whether a user with this id exists, and whether it is a bot; nil when there is none.
    public func kind(ofUser id: String) async throws -> (isBot: Bool, username: String)? {
        try await store.user(id: id).map { ($0.bot != nil, $0.username) }
    }
}
