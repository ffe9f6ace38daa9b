import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import Gateway

/// How the hub hands events to a socket: straight to its channel once the socket is live and nothing waits, through
/// its queue otherwise, so the client sees every event once and in order.
@Suite struct DirectDeliveryTests {
    static func message(_ id: String, author: String = "v") -> HubEvent {
        let body = #"{"_id":"m\#(id)","author":"\#(author)","type":"Message","user":{"_id":"\#(author)"}}"#
        return HubEvent(id: id, type: "Message", topics: ["channel:c"], body: Array(body.utf8))
    }

    @Test func eventsGoStraightOnlyOnceLiveAndNothingWaits() throws {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        let drains = Mutex(0)
        let hooks = SubscriberHooks(channel: channel, drain: { _ in drains.withLock { $0 += 1 } }, cut: { _ in })
        let subscriber = Subscriber(userID: "u", following: Following(topics: ["channel:c"]), limit: 10, hooks: hooks)

        #expect(subscriber.deliver(Self.message("5-0")) == .queued, "before Ready everything waits")
        #expect(drains.withLock { $0 } == 0, "nothing is drained before Ready is sent")
        subscriber.goLive(after: try #require(StreamPosition("6-0")))
        #expect(drains.withLock { $0 } == 1, "going live drains what waited")
        #expect(subscriber.deliver(Self.message("7-0")) == .queued, "behind a waiting event, in order")
        #expect(drains.withLock { $0 } == 1, "one drain at a time")
        var drained: [String] = []
        while let event = subscriber.nextQueued() {
            drained.append(event.id)
            subscriber.consumed()
        }
        #expect(drained == ["5-0", "7-0"])

        let next = Self.message("8-0")
        #expect(subscriber.deliver(next) == .direct(next.frame), "live and nothing waiting: the shared frame")
        #expect(subscriber.deliver(Self.message("6-0")) == .queued, "already in Ready: left to the drain to skip")
        while subscriber.nextQueued() != nil { subscriber.consumed() }

        let own = Self.message("9-0", author: "u")
        guard case .direct(let frame) = subscriber.deliver(own) else {
            Issue.record("the author's own message goes straight too")
            return
        }
        #expect(String(buffer: frame.payload).contains(#""relationship":"User""#), "as its author sees it")
        let change = HubEvent(id: "10-0", type: "ChannelUpdate", topics: ["channel:c"], body: Array("{}".utf8))
        #expect(subscriber.deliver(change) == .queued, "a change of what the socket sees is worked out per socket")

        #expect(subscriber.writeDirect(next.frame, ephemeral: false))
        channel.flush()
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(written == next.frame.wire, "the frame's own bytes, below the encoder")
    }

    /// The wire bytes made once per event are what NIO's WebSocket encoder makes of the payload, at every length
    /// form (7-bit, 16-bit and 64-bit lengths).
    @Test(arguments: [0, 5, 125, 126, 456, 65535, 65536, 70000])
    func sharedFramesAreEncodedAsNIOEncodesThem(length: Int) throws {
        let payload = ByteBuffer(repeating: UInt8(ascii: "a"), count: length)
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: payload)).wait()
        var encoded = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { encoded.writeBuffer(&part) }
        #expect(SharedFrame(payload: payload).wire == encoded)
    }

    @Test func aSocketWithoutAChannelAlwaysQueues() {
        let subscriber = Subscriber(userID: "u", following: Following(topics: ["channel:c"]), limit: 10)
        subscriber.goLive(after: .start)
        #expect(subscriber.deliver(Self.message("1-0")) == .queued)
    }

    @Test func aClosedSocketTakesNothing() {
        let subscriber = Subscriber(userID: "u", following: Following(topics: ["channel:c"]), limit: 10)
        subscriber.finish()
        #expect(subscriber.deliver(Self.message("1-0")) != .queued)
        #expect(subscriber.nextQueued() == nil)
    }
}
