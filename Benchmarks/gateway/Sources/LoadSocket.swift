import Foundation
import NIOCore
import NIOPosix

/// What one load connection does with its messages: what it sends once the upgrade is answered, and how it handles each
/// message the server sends (returning the texts to send in reply). Runs on the connection's event loop.
protocol LoadSession: AnyObject {
    func opened() -> [String]
    func received(_ message: UnsafeRawBufferPointer) -> [String]
}

/// A WebSocket client connection for the load client, as one channel handler: it sends the upgrade request, parses the
/// server's frames where they lie in the read buffer and hands each message's bytes to its `LoadSession`. There is no
/// task, stream or frame object per message, so the client's cost per delivery stays well below the cost of the servers
/// it measures (with an async stream per connection, the client was the floor of both servers' latencies).
final class LoadSocket: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: String
    private let session: any LoadSession
    private let upgraded: EventLoopPromise<Void>
    private var pending = ByteBuffer()
    private var isUpgraded = false
    /// The parts so far of a message sent in several frames.
    private var fragments: [UInt8] = []

    init(request: String, session: any LoadSession, upgraded: EventLoopPromise<Void>) {
        self.request = request
        self.session = session
        self.upgraded = upgraded
    }

    /// Connects to a `ws://` URL; the channel once the server has answered the upgrade.
    static func connect(
        to url: String, group: any EventLoopGroup, session: @escaping @Sendable () -> any LoadSession
    ) -> EventLoopFuture<any Channel> {
        let loop = group.next()
        guard let parsed = URL(string: url), let host = parsed.host, let port = parsed.port else {
            return loop.makeFailedFuture(LoadSocketError.badURL(url))
        }
        let target = (parsed.path.isEmpty ? "/" : parsed.path) + (parsed.query.map { "?" + $0 } ?? "")
        let request =
            "GET \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let upgraded = loop.makePromise(of: Void.self)
        return ClientBootstrap(group: loop)
            .connectTimeout(.seconds(60))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LoadSocket(request: request, session: session(), upgraded: upgraded))
                }
            }
            .connect(host: host, port: port)
            .flatMap { channel in upgraded.futureResult.map { channel } }
    }

    /// A masked client frame (RFC 6455 §5.3) of `opcode` carrying `payload`.
    static func frame(
        _ payload: some Collection<UInt8>, opcode: UInt8 = 0x1, allocator: ByteBufferAllocator
    )
        -> ByteBuffer
    {
        let mask: [UInt8] = [0x5A, 0xC3, 0x17, 0x8E]
        var frame = allocator.buffer(capacity: payload.count + 14)
        frame.writeInteger(0x80 | opcode)
        switch payload.count {
        case ..<126: frame.writeInteger(UInt8(0x80 | payload.count))
        case ..<65536:
            frame.writeInteger(UInt8(0x80 | 126))
            frame.writeInteger(UInt16(payload.count))
        default:
            frame.writeInteger(UInt8(0x80 | 127))
            frame.writeInteger(UInt64(payload.count))
        }
        frame.writeBytes(mask)
        for (index, byte) in payload.enumerated() { frame.writeInteger(byte ^ mask[index & 3]) }
        return frame
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        upgraded.fail(LoadSocketError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        upgraded.fail(error)
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if pending.readableBytes == 0 { pending = incoming } else { pending.writeBuffer(&incoming) }
        if !isUpgraded {
            guard let end = pending.readableBytesView.firstRange(of: "\r\n\r\n".utf8) else { return }
            let head = pending.readString(length: end.upperBound - pending.readerIndex) ?? ""
            guard head.hasPrefix("HTTP/1.1 101") else {
                upgraded.fail(LoadSocketError.refused(head.prefix { $0 != "\r" }.description))
                context.close(promise: nil)
                return
            }
            isUpgraded = true
            send(session.opened(), context: context)
            upgraded.succeed()
        }
        var replies: [String] = []
        while let (opcode, final, header, length) = nextFrame() {
            pending.withUnsafeReadableBytes { bytes in
                let payload = UnsafeRawBufferPointer(rebasing: bytes[header..<(header + length)])
                switch opcode {
                case 0x0, 0x1, 0x2:
                    if final && fragments.isEmpty {
                        replies += session.received(payload)
                    } else {
                        fragments += payload
                        if final {
                            replies += fragments.withUnsafeBytes { session.received($0) }
                            fragments.removeAll(keepingCapacity: true)
                        }
                    }
                case 0x9:
                    context.write(
                        wrapOutboundOut(LoadSocket.frame(payload, opcode: 0xA, allocator: context.channel.allocator)),
                        promise: nil)
                case 0x8: context.close(promise: nil)
                default: break
                }
            }
            pending.moveReaderIndex(forwardBy: header + length)
        }
        if pending.readableBytes == 0 { pending.clear() } else { pending.discardReadBytes() }
        send(replies, context: context)
    }

    /// The next whole frame in `pending`: its opcode, whether it ends its message, and where its payload lies.
    private func nextFrame() -> (opcode: UInt8, final: Bool, header: Int, length: Int)? {
        let start = pending.readerIndex
        guard let first = pending.getInteger(at: start, as: UInt8.self),
            let second = pending.getInteger(at: start + 1, as: UInt8.self)
        else { return nil }
        var header = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let long = pending.getInteger(at: start + 2, as: UInt16.self) else { return nil }
            (header, length) = (4, Int(long))
        } else if length == 127 {
            guard let long = pending.getInteger(at: start + 2, as: UInt64.self) else { return nil }
            (header, length) = (10, Int(long))
        }
        guard pending.readableBytes >= header + length else { return nil }
        return (first & 0x0F, first & 0x80 != 0, header, length)
    }

    private func send(_ texts: [String], context: ChannelHandlerContext) {
        guard !texts.isEmpty else { return }
        for text in texts {
            context.write(
                wrapOutboundOut(LoadSocket.frame(text.utf8, allocator: context.channel.allocator)), promise: nil)
        }
        context.flush()
    }
}

enum LoadSocketError: Error {
    case badURL(String)
    case refused(String)
    case closed
}
