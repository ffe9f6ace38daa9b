import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A web origin on loopback whose every answer is a script of raw writes and pauses, so tests can serve fixture
/// pages and misbehave on purpose: lie in `Content-Length`, send headers one byte at a time, stream for ever.
/// It records every request it reads.
public final class FixtureOrigin: Sendable {
    /// One step of an answer.
    public enum Step: Sendable {
        case send([UInt8])
        case pause(Duration)
        /// Writes this chunk again and again until the client goes away.
        case repeatForever([UInt8])
    }

    /// A request as the origin read it.
    public struct Seen: Sendable {
        public var target: String
        public var headers: [String: String]
        /// The request's body (as long as its `Content-Length`; empty without one).
        public var body: [UInt8] = []

        /// The query's parameters, percent-decoded.
        public var query: [String: String] {
            guard let mark = target.firstIndex(of: "?") else { return [:] }
            var parameters: [String: String] = [:]
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return parameters
        }
    }

    /// Makes the answer to one request.
    public typealias Responder = @Sendable (Seen) -> [Step]

    private let routes: NIOLockedValueBox<[String: Responder]>
    private let seen = NIOLockedValueBox<[Seen]>([])
    private let channel: any Channel
    public let port: Int

    public init(routes: [String: [Step]] = [:]) async throws {
        let routes = NIOLockedValueBox(routes.mapValues { steps in { @Sendable (_: Seen) in steps } })
        let seen = self.seen
        self.routes = routes
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(routes: routes, seen: seen))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    public func route(_ path: String, _ steps: [Step]) {
        routes.withLockedValue { $0[path] = { _ in steps } }
    }

    /// Answers `path` with what `responder` makes of each request (its query, its headers).
    public func respond(_ path: String, _ responder: @escaping Responder) {
        routes.withLockedValue { $0[path] = responder }
    }

    /// A complete answer with `Content-Length` and `Connection: close`.
    public func serve(_ path: String, status: Int = 200, contentType: String, body: [UInt8], headers: [String] = []) {
        route(
            path,
            [
                .send(
                    Self.head(
                        status: status,
                        headers: ["Content-Type: \(contentType)", "Content-Length: \(body.count)"] + headers) + body)
            ])
    }

    public func redirect(_ path: String, status: Int = 302, to location: String) {
        route(path, [.send(Self.head(status: status, headers: ["Location: \(location)", "Content-Length: 0"]))])
    }

    public static func head(status: Int, headers: [String]) -> [UInt8] {
        Array(
            ("HTTP/1.1 \(status) Fixture\r\n" + headers.map { $0 + "\r\n" }.joined() + "Connection: close\r\n\r\n").utf8
        )
    }

    public var requests: [Seen] { seen.withLockedValue { $0 } }

    public func hits(_ path: String) -> Int {
        requests.filter { $0.target.split(separator: "?").first.map(String.init) == path }.count
    }

    public func stop() async {
        try? await channel.close()
    }
}

private final class ScriptHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let routes: NIOLockedValueBox<[String: FixtureOrigin.Responder]>
    let seen: NIOLockedValueBox<[FixtureOrigin.Seen]>
    var received: [UInt8] = []
    var answered = false

    init(routes: NIOLockedValueBox<[String: FixtureOrigin.Responder]>, seen: NIOLockedValueBox<[FixtureOrigin.Seen]>) {
        self.routes = routes
        self.seen = seen
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        received.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        guard let end = received.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
        let text = String(decoding: received[..<end.lowerBound], as: UTF8.self)
        let lines = text.split(separator: "\r\n").map(String.init)
        let target = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = headers["content-length"].flatMap(Int.init) ?? 0
        guard received.count - end.upperBound >= length else { return }
        answered = true
        let request = FixtureOrigin.Seen(
            target: target, headers: headers, body: Array(received[end.upperBound..<end.upperBound + length]))
        seen.withLockedValue { $0.append(request) }
        let path = target.split(separator: "?").first.map(String.init) ?? target
        let steps =
            routes.withLockedValue { $0[path] }?(request) ?? [
                .send(FixtureOrigin.head(status: 404, headers: ["Content-Length: 0"]))
            ]
        run(steps[...], context: context)
    }

    private func run(_ steps: ArraySlice<FixtureOrigin.Step>, context: ChannelHandlerContext) {
        guard let step = steps.first else {
            context.close(promise: nil)
            return
        }
        let rest = steps.dropFirst()
        let loop = context.eventLoop
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        switch step {
        case .send(let bytes):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes))).whenComplete { result in
                if case .success = result { self.run(rest, context: boundContext.value) }
            }
        case .pause(let duration):
            loop.scheduleTask(in: TimeAmount(duration)) { self.run(rest, context: boundContext.value) }
        case .repeatForever(let chunk):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: chunk))).whenComplete { result in
                if case .success = result { self.run(steps, context: boundContext.value) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
