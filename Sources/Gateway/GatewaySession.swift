/// One socket's protocol as a pure state machine: it takes what the client sent, what authentication found and the
/// passing of time, and says what to do. The connection around it only does I/O (STYLE: protocol sessions as state
/// machines).
struct GatewaySession: Sendable {
    enum State: Equatable, Sendable {
        /// Waiting for `Authenticate` (or checking a `?token=`).
        case connecting
        case authenticating
        case ready(userID: String)
        case closed
    }

    /// The socket close codes the gateway uses beyond the standard ones.
    enum CloseCode {
        /// No `Authenticate` within the allowed time.
        static let authenticationTimeout: UInt16 = 4001
        /// No frame from the client within the idle timeout.
        static let idle: UInt16 = 4002
        /// The session's token was revoked (logout).
        static let loggedOut: UInt16 = 4003
        /// More client messages than the rate allows.
        static let rateLimited: UInt16 = 4029
        /// The client did not read its events fast enough (its queue filled).
        static let slowConsumer: UInt16 = 4008
    }

    enum Action: Equatable, Sendable {
        /// Check this token (a session or a bot token).
        case authenticate(token: String)
        /// Send this JSON text to the client.
        case send(String)
        /// `Authenticated`, then the `Ready` payload, then events from now on.
        case sendReady(userID: String)
        /// Send the events after `from` that the socket missed, then `Resumed`, then events from now on (or, when the
        /// gap cannot be filled, `ResumeFailed` and a fresh `Ready`).
        case resume(userID: String, from: String)
        case startTyping(channel: String)
        case stopTyping(channel: String)
        /// Close the socket after sending what came before.
        case close(code: UInt16, reason: String)
    }

    struct Limits: Sendable {
        var authenticationTimeout: Duration = .seconds(10)
        var idleTimeout: Duration = .seconds(90)
        /// Client messages allowed per `rateWindow`.
        var messagesPerWindow = 120
        var rateWindow: Duration = .seconds(60)
        /// Typing stops on its own this long after the last `BeginTyping`.
        var typingExpiry: Duration = .seconds(10)
    }

    private(set) var state = State.connecting
    /// The `seq` a reconnecting client asked to resume after.
    private var resumeFrom: String?
    let limits: Limits
    let connectedAt: ContinuousClock.Instant
    private var lastFrameAt: ContinuousClock.Instant
    /// When the recent messages arrived, oldest first, at most `messagesPerWindow` of them.
    private var recent: [ContinuousClock.Instant] = []
    /// The channels this socket is typing in, with the time of its last `BeginTyping` there.
    private(set) var typing: [String: ContinuousClock.Instant] = [:]

    init(limits: Limits = Limits(), now: ContinuousClock.Instant = .now) {
        self.limits = limits
        connectedAt = now
        lastFrameAt = now
    }

    /// A frame from the client.
    mutating func received(_ message: ClientMessage, at now: ContinuousClock.Instant = .now) -> [Action] {
        guard state != .closed else { return [] }
        lastFrameAt = now
        let window = limits.rateWindow
        recent.removeAll { now - $0 >= window }
        guard recent.count < limits.messagesPerWindow else {
            return close(
                CloseCode.rateLimited, "more than \(limits.messagesPerWindow) messages in \(limits.rateWindow)")
        }
        recent.append(now)
        switch (state, message) {
        case (.connecting, .authenticate(let token, let resume)):
            state = .authenticating
            resumeFrom = resume
            return [.authenticate(token: token)]
        case (_, .ping(let data)):
            return [.send(#"{"type":"Pong","data":"# + data + "}")]
        case (.ready, .beginTyping(let channel)):
            // A renewal within the expiry only extends it; others already see this user typing.
            let renewing = typing[channel] != nil
            typing[channel] = now
            return renewing ? [] : [.startTyping(channel: channel)]
        case (.ready, .endTyping(let channel)):
            return typing.removeValue(forKey: channel) == nil ? [] : [.stopTyping(channel: channel)]
        default:
            // Bonfire ignores what it does not expect: unknown types, a second Authenticate, typing before Ready.
            return []
        }
    }

    /// A token from the query string, checked before any frame.
    mutating func connected(token: String?, resume: String? = nil) -> [Action] {
        guard let token, state == .connecting else { return [] }
        state = .authenticating
        resumeFrom = resume
        return [.authenticate(token: token)]
    }

    /// What the token check found: the user, or nil for an unknown, revoked or expired token.
    mutating func authenticated(userID: String?) -> [Action] {
        guard state == .authenticating else { return [] }
        guard let userID else {
            state = .closed
            return [.send(#"{"type":"Error","error":"InvalidSession"}"#), .close(code: 1008, reason: "InvalidSession")]
        }
        state = .ready(userID: userID)
        if let resumeFrom { return [.send(#"{"type":"Authenticated"}"#), .resume(userID: userID, from: resumeFrom)] }
        return [.send(#"{"type":"Authenticated"}"#), .sendReady(userID: userID)]
    }

    /// Time passed: a socket that never authenticated, or went quiet, is closed.
    mutating func tick(at now: ContinuousClock.Instant) -> [Action] {
        switch state {
        case .closed:
            return []
        case .connecting, .authenticating:
            if now - connectedAt >= limits.authenticationTimeout {
                return close(
                    CloseCode.authenticationTimeout, "not authenticated within \(limits.authenticationTimeout)")
            }
        case .ready:
            break
        }
        if now - lastFrameAt >= limits.idleTimeout {
            return close(CloseCode.idle, "no frame for \(limits.idleTimeout)")
        }
        let expiry = limits.typingExpiry
        let expired = typing.filter { now - $0.value >= expiry }.keys.sorted()
        for channel in expired { typing[channel] = nil }
        return expired.map { .stopTyping(channel: $0) }
    }

    /// The session's token was revoked while the socket was open.
    mutating func loggedOut() -> [Action] {
        guard case .ready = state else { return [] }
        return [.send(#"{"type":"Logout"}"#)] + close(CloseCode.loggedOut, "logged out")
    }

    private mutating func close(_ code: UInt16, _ reason: String) -> [Action] {
        state = .closed
        return [.close(code: code, reason: reason)]
    }
}
