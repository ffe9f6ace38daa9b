import Crypto
import Foundation
import HTTPSupport
import Hummingbird

/// Guards an operators' API with one bearer token from the configuration. The given and expected tokens are hashed
/// before they are compared, in constant time, so neither their bytes nor their lengths leak through timing. While
/// no token is configured every call is refused.
public struct AdminTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: SHA256.Digest?
    /// The configuration key that sets the token, named when it is empty.
    let key: String

    public init(token: String, key: String) {
        self.expected = token.isEmpty ? nil : SHA256.hash(data: Data(token.utf8))
        self.key = key
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let expected else { throw APIError.forbidden("\(key) is not set") }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer ") else { throw APIError.notAuthenticated }
        let given = SHA256.hash(data: Data(header.dropFirst("Bearer ".count).utf8))
        guard given == expected else { throw APIError.forbidden("wrong admin token") }
        return try await next(request, context)
    }
}
