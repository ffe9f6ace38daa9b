/// One socket's protocol as a pure state machine: it takes what the client sent and what authentication found,
/// and says what to do. The connection around it only does I/O (STYLE: protocol sessions as state machines).
struct GatewaySession: Sendable {
    enum State: Equatable, Sendable {
        /// Waiting for `Authenticate` (or checking a `?token=`).
        case connecting
        case authenticating
        case ready(userID: String)
        case closed
    }

    enum Action: Equatable, Sendable {
        /// Check this token (a session or a bot token).
        case authenticate(token: String)
        /// Send this JSON text to the client.
        case send(String)
        /// `Authenticated`, then the `Ready` payload, then events from now on.
        case sendReady(userID: String)
        case startTyping(channel: String)
        case stopTyping(channel: String)
        /// Close the socket after sending what came before.
        case close
    }

    private(set) var state = State.connecting

    /// A frame from the client.
    mutating func received(_ message: ClientMessage) -> [Action] {
        switch (state, message) {
        case (.connecting, .authenticate(let token)):
            state = .authenticating
            return [.authenticate(token: token)]
        case (_, .ping(let data)) where state != .closed:
            return [.send(#"{"type":"Pong","data":"# + data + "}")]
        case (.ready, .beginTyping(let channel)):
            return [.startTyping(channel: channel)]
        case (.ready, .endTyping(let channel)):
            return [.stopTyping(channel: channel)]
        default:
            // Bonfire ignores what it does not expect: unknown types, a second Authenticate, typing before Ready.
            return []
        }
    }

    /// A token from the query string, checked before any frame.
    mutating func connected(token: String?) -> [Action] {
        guard let token, state == .connecting else { return [] }
        state = .authenticating
        return [.authenticate(token: token)]
    }

    /// What the token check found: the user, or nil for an unknown, revoked or expired token.
    mutating func authenticated(userID: String?) -> [Action] {
        guard state == .authenticating else { return [] }
        guard let userID else {
            state = .closed
            return [.send(#"{"type":"Error","error":"InvalidSession"}"#), .close]
        }
        state = .ready(userID: userID)
        return [.send(#"{"type":"Authenticated"}"#), .sendReady(userID: userID)]
    }
}
