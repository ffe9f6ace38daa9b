import NIOCore

/// Frames the hub writes straight to sockets' channels, gathered per event loop over a batch of events and handed to
/// each loop in one hop: every frame for a socket in order, then one flush per socket (one `writev` however many
/// events it got).
struct DirectWrites {
    struct Write {
        let subscriber: Subscriber
        let frame: SharedFrame
        let ephemeral: Bool
    }

    private var byLoop: [ObjectIdentifier: (loop: any EventLoop, writes: [Write])] = [:]
    /// The stream id of the newest event gathered, for the fan-out latency.
    private var newest = ""

    mutating func add(_ subscriber: Subscriber, frame: SharedFrame, of event: HubEvent) {
        guard let loop = subscriber.hooks.channel?.eventLoop else { return }
        let write = Write(subscriber: subscriber, frame: frame, ephemeral: event.isEphemeral)
        byLoop[ObjectIdentifier(loop), default: (loop, [])].writes.append(write)
        newest = event.id
    }

    /// Hands what was gathered to the loops, and starts over.
    mutating func submit() {
        guard !byLoop.isEmpty else { return }
        let newest = self.newest
        for (loop, writes) in byLoop.values {
            loop.execute { Self.write(writes, newest: newest) }
        }
        byLoop.removeAll(keepingCapacity: true)
    }

    /// On the loop: every frame, then a flush per socket that got any.
    private static func write(_ writes: [Write], newest streamID: String) {
        var written: [ObjectIdentifier: Subscriber] = [:]
        var bytes = 0
        var count = 0
        for write in writes where write.subscriber.writeDirect(write.frame, ephemeral: write.ephemeral) {
            written[ObjectIdentifier(write.subscriber)] = write.subscriber
            bytes += write.frame.wire.readableBytes
            count += 1
        }
        for subscriber in written.values { subscriber.hooks.channel?.flush() }
        GatewayMetrics.delivered(count: count, bytes: bytes, newest: streamID)
    }
}
