/// Who is asking, as a session or bot token proved it: the user (or bot user) and the session the token belongs to.
/// The request context carries it (`AuthRequestContext.identity`); nil there is an anonymous request.
public struct Caller: Sendable, Equatable {
    public var userID: String
    public var isBot: Bool
    /// The session or bot token's id (`discordination token revoke ID`), for logging out and listing sessions.
    public var sessionID: String

    public init(userID: String, isBot: Bool, sessionID: String) {
        self.userID = userID
        self.isBot = isBot
        self.sessionID = sessionID
    }
}
