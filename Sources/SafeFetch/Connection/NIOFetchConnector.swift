import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// The real connector: a TCP connection to the pinned address (never a second lookup), TLS with SNI and
/// certificate verification for the URL's host name, HTTP/1.1 with header, decompression and time limits.
public struct NIOFetchConnector: FetchConnector {
    private let group: any EventLoopGroup
    private let tls: NIOSSLContext

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.group = group
        tls = try NIOSSLContext(configuration: .makeClientConfiguration())
    }

    public func exchange<Result: Sendable>(
        _ request: HopRequest,
        _ body: (HopHead, inout FetchBody) async throws -> Result
    ) async throws -> Result {
        let target = request.target
        let address = try Self.socketAddress(target.address, port: target.port)
        let tls = target.tls ? self.tls : nil
        let decoderLimits = Self.decoderLimits(headerBytes: request.maxHeaderBytes)
        let decompressionLimit = request.maxDecompressedBytes
        let remaining = request.deadline - NIODeadline.now()
        let connectTimeout = TimeAmount.nanoseconds(
            max(1, min(TimeAmount(request.connectTimeout), remaining).nanoseconds))
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls {
                            try pipeline.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: target.host.serverName))
                        }
                        try pipeline.addHandler(HTTPRequestEncoder())
                        try pipeline.addHandler(
                            ByteToMessageHandler(
                                HTTPResponseDecoder(
                                    leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
                                    limitConfiguration: decoderLimits
                                )
                            )
                        )
                        try pipeline.addHandler(NIOHTTPResponseDecompressor(limit: .size(decompressionLimit)))
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            if let error = error as? ChannelError, case .connectTimeout = error { throw SafeFetchError.timedOut }
            throw NIODeadline.now() >= request.deadline ? SafeFetchError.timedOut : Self.describe(error)
        }
        // The deadline closes the connection whatever it is doing: a slow-loris head or an endless body.
        let closer = channel.channel.eventLoop.scheduleTask(deadline: request.deadline) {
            channel.channel.close(promise: nil)
        }
        defer { closer.cancel() }
        let deadline = request.deadline
        do {
            return try await exchange(on: channel, request, deadline: deadline, body)
        } catch let error as ChannelError {
            throw NIODeadline.now() >= deadline ? SafeFetchError.timedOut : Self.describe(error)
        } catch let error as IOError {
            throw Self.describe(error)
        }
    }

    private func exchange<Result: Sendable>(
        on channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>,
        _ request: HopRequest,
        deadline: NIODeadline,
        _ body: (HopHead, inout FetchBody) async throws -> Result
    ) async throws -> Result {
        let target = request.target
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path)
            head.headers = request.headers
            head.headers.replaceOrAdd(name: "Host", value: target.authority)
            head.headers.replaceOrAdd(name: "Connection", value: "close")
            if let body = request.body { head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count)) }
            var parts: [HTTPClientRequestPart] = [.head(head)]
            if let body = request.body { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            parts.append(.end(nil))
            var answer = inbound.makeAsyncIterator()
            func nextPart() async throws -> HTTPClientResponsePart? {
                do {
                    return try await answer.next()
                } catch {
                    throw NIODeadline.now() >= deadline ? SafeFetchError.timedOut : Self.describe(error)
                }
            }
            do {
                try await outbound.write(contentsOf: parts)
            } catch {
                // Closed before the request went out: the inbound side says why (a failed TLS handshake).
                _ = try await nextPart()
                throw Self.describe(error)
            }
            guard case .head(let responseHead)? = try await nextPart() else {
                throw NIODeadline.now() >= deadline
                    ? SafeFetchError.timedOut : SafeFetchError.failed("the connection closed before an answer")
            }
            var ended = false
            var fetchBody = FetchBody {
                guard !ended else { return nil }
                switch try await nextPart() {
                case .body(let buffer): return buffer
                case .end: ended = true; return nil
                case .head, nil:
                    throw NIODeadline.now() >= deadline
                        ? SafeFetchError.timedOut : SafeFetchError.failed("the connection closed before the body ended")
                }
            }
            return try await body(
                HopHead(status: Int(responseHead.status.code), headers: responseHead.headers), &fetchBody)
        }
    }

    static func decoderLimits(headerBytes: Int) -> NIOHTTPDecoderLimitConfiguration {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = headerBytes
        limits.maxHeaderListSize = headerBytes
        limits.maxHeaderFieldCount = 200
        return limits
    }

    static func socketAddress(_ address: IPAddress, port: Int) throws -> SocketAddress {
        try SocketAddress(ipAddress: address.description, port: port)
    }

    static func describe(_ error: any Error) -> SafeFetchError {
        if let error = error as? SafeFetchError { return error }
        if let error = error as? NIOHTTPDecompression.DecompressionError, case .limit = error {
            return .tooLarge(limit: 0)
        }
        if let error = error as? HTTPParserError, error == .headerOverflow { return .tooLarge(limit: 0) }
        if let error = error as? NIOSSLError { return .failed("TLS: \(error)") }
        if let error = error as? BoringSSLError { return .failed("TLS: \(error)") }
        return .failed("\(error)")
    }
}
