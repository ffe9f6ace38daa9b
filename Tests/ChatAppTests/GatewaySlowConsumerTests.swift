import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TestSupport
import Testing

@testable import App

/// A client that never reads, through a live socket whose kernel buffers fill: the gateway cuts it off once
/// `gateway.max_queued_bytes` wait unsent, and a reading client in the same channel keeps receiving every message.
@Suite struct GatewaySlowConsumerTests {
    @Test func aClientThatNeverReadsIsCutAndOthersKeepReceiving() async throws {
        let fixture = try await ChatFixture.make(
            .sqlite,
            [
                "gateway.max_queued_bytes": "262144", "gateway.max_queued_events": "10",
                "api.max_content_length": "60000",
            ])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (_, ownerToken) = try await api.signUpForToken("sender")
            let (_, stalledToken) = try await api.signUpForToken("stalled")
            let sender = api.with(token: ownerToken)
            let made = try await sender.post("/servers/create", ["name": "Firehose"])
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)
            let code = try #require(try await sender.post("/channels/\(general)/invites")["_id"] as? String)
            #expect(try await api.with(token: stalledToken).post("/invites/\(code)").status == .ok)

            let slowClosesBefore = try await Self.counter("dcn_gateway_slow_consumer_closes_total", client)
            let stalled = try await StalledSocket.open(port: port, token: stalledToken)
            // The reader is the sender itself: every message comes back to its socket.
            let frames = GatewayRouteTests.Frames()
            let reader = Task {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/ws?token=\(ownerToken)",
                    configuration: .init(maxFrameSize: 1 << 20), logger: Logger.quiet("slow-consumer")
                ) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { frames.texts.withLock { $0.append(text) } }
                    }
                }
            }
            defer { reader.cancel() }
            _ = try await frames.waitFor("Ready")

            // 150 messages of 50,000 characters (7.5 MB) outgrow what the kernel buffers of a loopback connection
            // hold (4 MiB of send buffer at most, and the stalled side's receive window of a few KiB) plus the
            // 256 KiB the gateway lets wait unsent.
            let count = 150
            let filler = String(repeating: "x", count: 50_000)
            var sentAt: [Int: ContinuousClock.Instant] = [:]
            for index in 0..<count {
                let answer = try await sender.post("/channels/\(general)/messages", ["content": "#\(index) \(filler)"])
                #expect(answer.status == .ok)
                sentAt[index] = .now
            }
            // The reader got every message, in order, while the other socket was stuck.
            #expect(try await frames.waitForText("#\(count - 1) x"), "the reading client received the last message")
            let received = frames.all.compactMap { text -> Int? in
                guard text.contains(#""type":"Message""#), let range = text.range(of: ##""content":"#"##) else {
                    return nil
                }
                return Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            #expect(received == Array(0..<count), "every message once, in order: \(received.count) received")
            let lastLag = ContinuousClock.now - (sentAt[count - 1] ?? .now)
            #expect(lastLag < .seconds(5), "the last message reached the reader \(lastLag) after it was sent")

            // The stalled socket was cut: the counter moved, and once it reads again its stream ends (the gateway
            // closed the connection) before it has seen everything that was sent.
            var slowCloses = slowClosesBefore
            for _ in 0..<100 {
                slowCloses = try await Self.counter("dcn_gateway_slow_consumer_closes_total", client)
                if slowCloses != slowClosesBefore { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(slowCloses == slowClosesBefore + 1, "one slow-consumer close")
            let drained = try await stalled.readUntilClosed(within: .seconds(15))
            #expect(drained.closed, "the gateway closed the stalled connection")
            #expect(drained.bytes < count * 50_000, "cut before receiving everything: \(drained.bytes) bytes")
        }
    }

    /// A counter's value in `/metrics` (0 when it has not been counted yet).
    static func counter(_ name: String, _ client: some TestClientProtocol) async throws -> Int {
        let metrics = try await client.execute(uri: "/metrics", method: .get)
        for line in String(buffer: metrics.body).split(separator: "\n") where line.hasPrefix(name + " ") {
            return Int(Double(line.split(separator: " ").last ?? "") ?? 0)
        }
        return 0
    }
}

/// A WebSocket client that upgrades with `?token=` and then reads nothing until asked: its receive window stays
/// small (SO_RCVBUF 4 KiB), so what the gateway sends piles up in the server's buffers.
final class StalledSocket: Sendable {
    let channel: any Channel
    let counter: ByteCounter

    private init(channel: any Channel, counter: ByteCounter) {
        self.channel = channel
        self.counter = counter
    }

    static func open(port: Int, token: String) async throws -> StalledSocket {
        let counter = ByteCounter()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let request =
            "GET /ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        return StalledSocket(channel: channel, counter: counter)
    }

    /// Starts reading; whether the peer closed the connection within `limit`, and the bytes read in all.
    func readUntilClosed(within limit: Duration) async throws -> (closed: Bool, bytes: Int) {
        try await channel.setOption(.autoRead, value: true).get()
        channel.read()
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, channel.isActive {
            try await Task.sleep(for: .milliseconds(50))
        }
        let closed = !channel.isActive
        if !closed { try? await channel.close() }
        return (closed, counter.bytes.withLock { $0 })
    }

    /// Counts the bytes that arrive.
    final class ByteCounter: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = Mutex(0)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let count = unwrapInboundIn(data).readableBytes
            bytes.withLock { $0 += count }
        }
    }
}
