import Hummingbird
import Logging
import RedisClient
import Storage

/// Turns every error that is not already an answer into one: a backing service out of reach (Redis, the blob
/// store) becomes 503 `ServiceUnavailable`, anything else 500 `InternalError`. The error itself is logged with the
/// request id; the client sees that id and nothing of the internals.
public struct ErrorMiddleware<Context: ServiceRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            let unavailable = Self.isUnavailable(error)
            context.logger.error(
                unavailable ? "backing service unavailable" : "request failed",
                metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"]
            )
            throw
                unavailable
                ? APIError.serviceUnavailable(requestID: context.requestID)
                : APIError.internalError(requestID: context.requestID)
        }
    }

    /// Whether `error` says a backing service could not be reached (worth retrying) rather than that the request
    /// found a fault.
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case let error as RedisError:
            switch error {
            case .connectionFailed, .connectionClosed, .timeout, .shutDown: return true
            case .server(let message):
                return ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN"].contains {
                    message.hasPrefix($0)
                }
            case .protocolError, .unexpectedReply, .invalidURL: return false
            }
        case let error as StorageError:
            if case .unreachable = error { return true }
            return false
        default:
            return false
        }
    }
}
