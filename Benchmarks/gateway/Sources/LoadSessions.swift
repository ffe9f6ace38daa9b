import Synchronization

/// A gateway socket: counts its `Ready` and the latency of each `Message` (the send time is the content's number).
final class GatewaySession: LoadSession {
    let tally: Tally
    /// The largest message frame seen, for the nats payloads to match.
    let frameSize: FrameSize

    init(tally: Tally, frameSize: FrameSize) {
        self.tally = tally
        self.frameSize = frameSize
    }

    func opened() -> [String] { [] }

    func received(_ bytes: UnsafeRawBufferPointer) -> [String] {
        if Marker.find(Marker.ready, in: bytes) != nil {
            tally.ready()
        } else if Marker.find(Marker.message, in: bytes) != nil, let at = Marker.find(Marker.content, in: bytes) {
            if let sentAt = Marker.number(bytes[(at + Marker.content.count)...]) { tally.delivered(sentAt: sentAt) }
            frameSize.saw(bytes.count)
        }
        return []
    }
}

/// A nats-server subscriber on subject `bench`: counts its `PONG` and the latency of each `MSG` (the payload starts
/// with `t` and the send time). nats' protocol is lines, and after `MSG <subject> <sid> <size>` a payload of that size
/// and CRLF; a WebSocket message may carry several or split one.
final class NatsSession: LoadSession {
    let tally: Tally
    let subscribes: Bool
    private var pending: [UInt8] = []

    /// A subscriber when `subscribes`, else a publisher's connection (which only answers the server's pings).
    init(tally: Tally, subscribes: Bool = true) {
        self.tally = tally
        self.subscribes = subscribes
    }

    func opened() -> [String] {
        [#"CONNECT {"verbose":false}"# + "\r\n" + (subscribes ? "SUB bench 1\r\nPING\r\n" : "")]
    }

    func received(_ bytes: UnsafeRawBufferPointer) -> [String] {
        pending += bytes
        var replies: [String] = []
        var start = 0
        while let at = pending.withUnsafeBytes({
            Marker.find(Marker.crlf, in: UnsafeRawBufferPointer(rebasing: $0[start...]))
        }) {
            let end = (start + at)..<(start + at + 2)
            let line = pending[start..<end.lowerBound]
            if line.elementsEqual("PONG".utf8) {
                tally.ready()
            } else if line.starts(with: "MSG ".utf8) {
                let size =
                    Int(String(decoding: line.split(separator: UInt8(ascii: " ")).last ?? [], as: UTF8.self)) ?? 0
                guard pending.count - end.upperBound >= size + 2 else { break }
                let payload = pending[end.upperBound..<(end.upperBound + size)]
                if let sentAt = Marker.number(payload.dropFirst()) { tally.delivered(sentAt: sentAt) }
                start = end.upperBound + size + 2
                continue
            } else if line.elementsEqual("PING".utf8) {
                replies.append("PONG\r\n")
            }
            start = end.upperBound
        }
        pending.removeFirst(start)
        return replies
    }
}

/// The size of the gateway's message frames: nats carries payloads of the same size, so both servers move the same
/// bytes and the client handles frames of the same size from each.
final class FrameSize: Sendable {
    private let largest = Mutex(0)
    var bytes: Int { largest.withLock { $0 } }
    func saw(_ size: Int) { largest.withLock { $0 = max($0, size) } }
}
