/// Why a fetch did not happen or did not finish. `blocked` reasons name the rule, never the address a name
/// resolved to, so they can be shown to the user who posted the link.
public enum SafeFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a URL the fetcher can read.
    case invalidURL(String)
    /// A rule refused the target: scheme, port, credentials, host name, address range, operator deny-list, loop.
    case blocked(String)
    /// More than the allowed redirects.
    case tooManyRedirects(Int)
    /// The connect or total time limit ran out.
    case timedOut
    /// The body (after decompression) or the headers were larger than allowed.
    case tooLarge(limit: Int)
    /// The answer's content type is not one this use accepts.
    case unsupportedContentType(String)
    /// The host has too many fetches in flight or used its rate budget; try again after the given time.
    case hostBusy(retryAfter: Duration)
    /// The origin answered with a status other than 2xx (after redirects).
    case httpStatus(Int)
    /// Name resolution failed, the connection failed, or the answer was not valid HTTP.
    case failed(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .blocked(let reason): "blocked: \(reason)"
        case .tooManyRedirects(let count): "more than \(count) redirects"
        case .timedOut: "timed out"
        case .tooLarge(let limit): "larger than \(limit) bytes"
        case .unsupportedContentType(let type): "unsupported content type \(type)"
        case .hostBusy: "the host is busy"
        case .httpStatus(let status): "the origin answered \(status)"
        case .failed(let reason): "fetch failed: \(reason)"
        }
    }
}
