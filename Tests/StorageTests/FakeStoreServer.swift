import NIOCore
import NIOPosix
import Synchronization

/// A loopback server that misbehaves like a failing store: it answers every request with a fixed status (with
/// `Connection: close`), or reads some of a request and then drops the connection. It counts connections.
final class FakeStoreServer: Sendable {
    enum Behaviour: Sendable {
        case answer(status: Int, body: String)
        case dropAfter(bytes: Int)
    }

    let port: Int
    private let channel: any Channel
    private let counter: ConnectionCounter

    var connections: Int { counter.value }

    private init(port: Int, channel: any Channel, counter: ConnectionCounter) {
        self.port = port
        self.channel = channel
        self.counter = counter
    }

    static func start(_ behaviour: Behaviour) async throws -> FakeStoreServer {
        let counter = ConnectionCounter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.increment()
                return channel.pipeline.addHandler(Handler(behaviour: behaviour))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeStoreServer(port: channel.localAddress!.port!, channel: channel, counter: counter)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class ConnectionCounter: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func increment() { count.withLock { $0 += 1 } }
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let behaviour: Behaviour
        var received = 0
        var requestText = ""
        var answered = false

        init(behaviour: Behaviour) { self.behaviour = behaviour }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received += buffer.readableBytes
            switch behaviour {
            case .dropAfter(let bytes):
                if received >= bytes { context.close(promise: nil) }
            case .answer(let status, let body):
                requestText += String(buffer: buffer)
                guard !answered, requestText.contains("\r\n\r\n") else { return }
                answered = true
                let response =
                    "HTTP/1.1 \(status) Failing\r\nContent-Type: application/xml\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(body)"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
    }
}
