import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOFoundationCompat
import Synchronization
import TestSupport

// Gateway benchmark, driven by run.sh against a release `discordination serve` and nats-server (WebSocket enabled)
// started side by side; the same client drives both:
//   1. memory per idle connection: RSS of each server before and after SOCKETS authenticated connections;
//   2. fan-out: every one of those connections receives MESSAGES messages (the gateway: sent through the chat API
//      to a channel all of them see; nats: published on a subject all of them subscribe to); deliveries per second
//      and send-to-receive latency;
//   3. a connection storm: the SOCKETS connections are opened at once, as after a restart when every client
//      reconnects; the time until all are ready (the gateway: Ready received; nats: PONG to the first PING).
// Usage: GatewayBenchmark API_URL GATEWAY_WS_URL SERVER_PID NATS_WS_URL NATS_PID SOCKETS MESSAGES

let arguments = CommandLine.arguments
guard arguments.count >= 8, let sockets = Int(arguments[6]), let messages = Int(arguments[7]),
    let serverPID = Int32(arguments[3]), let natsPID = Int32(arguments[5])
else {
    print("usage: GatewayBenchmark API_URL GATEWAY_WS_URL SERVER_PID NATS_WS_URL NATS_PID SOCKETS MESSAGES")
    exit(2)
}
let api = arguments[1] + "/api"
let gatewayURL = arguments[2]
let natsURL = arguments[4]
let logger: Logger = {
    var logger = Logger(label: "gateway-bench")
    logger.logLevel = .critical
    return logger
}()

func rss(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

enum Clock {
    static func nanoseconds() -> UInt64 { UInt64(Date.now.timeIntervalSince1970 * 1e9) }
}

/// What the connections saw: how many are ready, and each delivery's latency.
final class Tally: Sendable {
    let state = Mutex<(ready: Int, latencies: [UInt64], lastAt: UInt64)>((0, [], 0))
    func ready() { state.withLock { $0.ready += 1 } }
    func delivered(sentAt: UInt64) {
        let now = Clock.nanoseconds()
        state.withLock {
            $0.latencies.append(now > sentAt ? now - sentAt : 0)
            $0.lastAt = max($0.lastAt, now)
        }
    }
    var readyCount: Int { state.withLock { $0.ready } }
    var deliveries: Int { state.withLock { $0.latencies.count } }
}

func call(_ path: String, token: String? = nil, body: [String: Any]) async throws -> [String: Any] {
    var request = HTTPClientRequest(url: api + path)
    request.method = .POST
    if let token { request.headers.add(name: "X-Session-Token", value: token) }
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return (try? JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any]) ?? [:]
}

func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<3600 where !condition() { try await Task.sleep(for: .milliseconds(50)) }
}

func report(_ name: String, idleBytes: Int, tally: Tally, started: UInt64, allReady: Double) {
    let (latencies, lastAt) = tally.state.withLock { ($0.latencies.sorted(), $0.lastAt) }
    let seconds = Double(lastAt - started) / 1e9
    print(
        LoadClient.padded(name, 12)
            + String(
                format: "%9.1f KB %10.0f %9.2f %9.2f %9d %9.2f", Double(idleBytes) / Double(sockets) / 1024,
                Double(latencies.count) / max(seconds, 0.001), LoadClient.percentile(latencies, 0.5),
                LoadClient.percentile(latencies, 0.99), latencies.count, allReady))
}

// The gateway: one user's sockets (each follows the channel), messages sent through the API.
let email = "gwbench-\(UUID().uuidString.prefix(6))@example.com"
_ = try await call("/auth/account/create", body: ["email": email, "password": "bench password"])
let token =
    try await call("/auth/session/login", body: ["email": email, "password": "bench password"])["token"] as! String
_ = try await call("/onboard/complete", token: token, body: ["username": "gwbench"])
let made = try await call("/servers/create", token: token, body: ["name": "Bench"])
let channel = ((made["channels"] as! [[String: Any]])[0])["_id"] as! String

print(LoadClient.padded("", 12) + "  idle/conn  deliveries/s   p50 ms    p99 ms  delivered  all ready s")
let gateway = Tally()
let gatewayBefore = rss(serverPID)
let gatewayStorm = Clock.nanoseconds()
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<sockets {
        group.addTask {
            try await WebSocketClient.connect(url: "\(gatewayURL)?token=\(token)", logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    if text.contains(#""type":"Ready""#) {
                        gateway.ready()
                    } else if text.contains(#""type":"Message""#), let range = text.range(of: #""content":"t"#) {
                        let digits = text[range.upperBound...].prefix { $0.isNumber }
                        if let sentAt = UInt64(digits) { gateway.delivered(sentAt: sentAt) }
                    }
                }
            }
        }
    }
    try await waitUntil { gateway.readyCount >= sockets }
    let allReady = Double(Clock.nanoseconds() - gatewayStorm) / 1e9
    try await Task.sleep(for: .seconds(1))
    let idle = rss(serverPID) - gatewayBefore
    let started = Clock.nanoseconds()
    for _ in 0..<messages {
        _ = try await call("/channels/\(channel)/messages", token: token, body: ["content": "t\(Clock.nanoseconds())"])
    }
    try await waitUntil { gateway.deliveries >= sockets * messages }
    report("gateway", idleBytes: idle, tally: gateway, started: started, allReady: allReady)
    group.cancelAll()
}

// nats-server: subscribers on one subject, a publisher connection.
let nats = Tally()
let natsBefore = rss(natsPID)
let natsStorm = Clock.nanoseconds()
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<sockets {
        group.addTask {
            try await WebSocketClient.connect(url: natsURL, logger: logger) { inbound, outbound, _ in
                try await outbound.write(.text("CONNECT {\"verbose\":false}\r\nSUB bench 1\r\nPING\r\n"))
                var pending = ""
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    switch message {
                    case .text(let text): pending += text
                    case .binary(let buffer): pending += String(buffer: buffer)
                    }
                    while let end = pending.range(of: "\r\n") {
                        let line = pending[..<end.lowerBound]
                        if line == "PONG" {
                            nats.ready()
                        } else if line.hasPrefix("MSG ") {
                            let size = Int(line.split(separator: " ").last ?? "0") ?? 0
                            let body = pending[end.upperBound...]
                            guard body.utf8.count >= size + 2 else { break }
                            let payload = String(body.utf8.prefix(size)) ?? ""
                            if let sentAt = UInt64(payload.dropFirst()) { nats.delivered(sentAt: sentAt) }
                            pending = String(body.utf8.dropFirst(size + 2)) ?? ""
                            continue
                        } else if line == "PING" {
                            try await outbound.write(.text("PONG\r\n"))
                        }
                        pending = String(pending[end.upperBound...])
                    }
                }
            }
        }
    }
    try await waitUntil { nats.readyCount >= sockets }
    let allReady = Double(Clock.nanoseconds() - natsStorm) / 1e9
    try await Task.sleep(for: .seconds(1))
    let idle = rss(natsPID) - natsBefore
    let started = Clock.nanoseconds()
    group.addTask {
        try await WebSocketClient.connect(url: natsURL, logger: logger) { _, outbound, _ in
            try await outbound.write(.text("CONNECT {\"verbose\":false}\r\n"))
            for _ in 0..<messages {
                let payload = "t\(Clock.nanoseconds())"
                try await outbound.write(.text("PUB bench \(payload.utf8.count)\r\n\(payload)\r\n"))
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: .seconds(30))
        }
    }
    try await waitUntil { nats.deliveries >= sockets * messages }
    report("nats-server", idleBytes: idle, tally: nats, started: started, allReady: allReady)
    group.cancelAll()
}
exit(0)
