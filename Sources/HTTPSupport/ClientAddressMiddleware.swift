import Hummingbird

/// Sets the context's `clientAddress`: the peer, or behind a trusted proxy the client it forwarded.
public struct ClientAddressMiddleware<Context: ServiceRequestContext>: RouterMiddleware {
    let trusted: TrustedProxies

    public init(trusted: TrustedProxies) {
        self.trusted = trusted
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.clientAddress = trusted.clientAddress(peer: context.peerAddress, headers: request.headers)
        return try await next(request, context)
    }
}
