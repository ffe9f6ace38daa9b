import Foundation
import Metrics
import Synchronization

/// The gateway's metrics, through swift-metrics (served at `/metrics` with the rest).
enum GatewayMetrics {
    static let sockets = Gauge(label: "dcn_gateway_sockets")
    static let authenticated = Gauge(label: "dcn_gateway_authenticated_sockets")
    static let delivered = Counter(label: "dcn_gateway_events_delivered_total")
    static let bytesSent = Counter(label: "dcn_gateway_bytes_sent_total")
    static let slowConsumers = Counter(label: "dcn_gateway_slow_consumer_closes_total")
    /// Typing and presence events dropped for sockets whose queue was more than half full.
    static let shed = Counter(label: "dcn_gateway_events_shed_total")
    static let resumeHits = Counter(label: "dcn_gateway_resume_hits_total")
    static let resumeMisses = Counter(label: "dcn_gateway_resume_misses_total")
    /// From the event's entry on the stream (its id is the time Redis added it) to its write to a socket.
    static let fanOutLatency = Timer(label: "dcn_gateway_fanout_latency")

    private static let openSockets = Mutex(0)

    static func socketOpened() {
        sockets.record(
            openSockets.withLock { count in
                count += 1
                return count
            })
    }

    static func socketClosed() {
        sockets.record(
            openSockets.withLock { count in
                count -= 1
                return count
            })
    }

    /// Records events written to sockets, the newest of them from the stream entry `newest`.
    static func delivered(count: Int = 1, bytes: Int, newest streamID: String) {
        guard count > 0 else { return }
        delivered.increment(by: count)
        bytesSent.increment(by: bytes)
        if let milliseconds = streamID.split(separator: "-").first.flatMap({ Int64($0) }) {
            let elapsed = Int64(Date.now.timeIntervalSince1970 * 1000) - milliseconds
            fanOutLatency.recordMilliseconds(max(0, elapsed))
        }
    }
}
