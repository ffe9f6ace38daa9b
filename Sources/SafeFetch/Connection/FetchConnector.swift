import NIOCore
import NIOHTTP1

/// Where one hop connects: the checked address, and the name the server must answer for.
public struct PinnedTarget: Sendable, Equatable {
    public var address: IPAddress
    public var port: Int
    /// Sent as `Host` and, for names, as TLS SNI; the certificate is verified against it.
    public var host: FetchHost
    public var authority: String
    public var tls: Bool
}

/// One request of a fetch: a GET (or a POST with its body) to a pinned target, with the limits the connection
/// enforces.
public struct HopRequest: Sendable {
    public var method: HTTPMethod = .GET
    /// Sent after the head with its `Content-Length` (POST only).
    public var body: [UInt8]? = nil
    public var target: PinnedTarget
    /// Path and query.
    public var path: String
    public var headers: HTTPHeaders
    public var connectTimeout: Duration
    /// When the whole fetch must be over; the connection is closed then, whatever it is doing.
    public var deadline: NIODeadline
    public var maxHeaderBytes: Int
    /// Decompressed bytes the connection may produce before it gives up (the body limit plus a margin).
    public var maxDecompressedBytes: Int
}

/// The status line and headers of one hop's answer.
public struct HopHead: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
}

/// Makes one HTTP exchange with a pinned target and hands the answer to `body` while the connection is open. The
/// fetcher's only way out to the network, so tests replace it with one that records the attempt instead.
public protocol FetchConnector: Sendable {
    func exchange<Result: Sendable>(
        _ request: HopRequest,
        _ body: (HopHead, inout FetchBody) async throws -> Result
    ) async throws -> Result
}
