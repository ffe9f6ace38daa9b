/// Who is asking, as a session or bot token proved it: the user (or bot user) and the session the token belongs to.
/// The request context carries it (`AuthRequestContext.identity`); nil there is an anonymous request.
public struct Caller: Sendable, Equatable {
    public let userID: String
    public let isBot: Bool
    /// The session or bot token's id (`discordination token revoke ID`), for logging out and listing sessions.
    public let sessionID: String

    /// A caller made by the service itself, acting for a user it did not hear from (deliveries to a bot's endpoint
    /// are checked with the bot's own permissions).
    public init(userID: String, isBot: Bool, sessionID: String) {
        self.userID = userID
        self.isBot = isBot
        self.sessionID = sessionID
    }
}
