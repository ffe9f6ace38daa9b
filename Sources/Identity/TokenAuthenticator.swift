import HTTPSupport
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Storage

/// Finds the caller from `X-Session-Token` (users) or `X-Bot-Token` (bots) and puts it in the request context. No
/// token leaves the request anonymous for the route to accept or refuse; a token that is present but unknown,
/// revoked or expired is refused (`401 InvalidSession`), so a client with a stale session learns it instead of
/// acting as nobody. A refused request that carries a body is answered with `Connection: close`, so its body is not
/// read for nothing.
public struct TokenAuthenticator<Context: IdentityRequestContext>: AuthenticatorMiddleware {
    public typealias Identity = Caller

    static var sessionHeader: HTTPField.Name { HTTPField.Name("X-Session-Token")! }
    static var botHeader: HTTPField.Name { HTTPField.Name("X-Bot-Token")! }

    let sessions: Sessions

    public init(sessions: Sessions) {
        self.sessions = sessions
    }

    public func authenticate(request: Request, context: Context) async throws -> Caller? {
        let presented: (token: String, kind: SessionRecord.Kind)? =
            if let session = request.headers[Self.sessionHeader] {
                (session, .session)
            } else if let bot = request.headers[Self.botHeader] {
                (bot, .bot)
            } else {
                nil
            }
        guard let presented else { return nil }
        guard let caller = try await sessions.verify(token: presented.token, kind: presented.kind) else {
            throw Self.hasBody(request) ? APIError.invalidSession.closingConnection() : APIError.invalidSession
        }
        return caller
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }
}

extension AuthRequestContext where Identity == Caller {
    /// The caller, or `401 NotAuthenticated` for an anonymous request.
    public func requireCaller() throws -> Caller {
        guard let identity else { throw APIError.notAuthenticated }
        return identity
    }
}
