import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOPosix
import Synchronization
import TestSupport

// Gateway benchmark, driven by run.sh against a release `discordination serve` and nats-server (WebSocket enabled)
// started side by side; the same client drives both:
//   1. a connection storm: SOCKETS connections opened at once, as after a restart when every client reconnects; the
//      time until all are ready (the gateway: Ready received; nats: PONG to the first PING);
//   2. memory per idle connection: RSS of each server before and after those connections;
//   3. burst: MESSAGES messages sent at once (the gateway: through the chat API by another member of the server, to a
//      channel every socket sees; nats: published back to back on a subject every connection subscribes to), each
//      received by every connection: deliveries per second, the fan-out throughput;
//   4. paced: PACED messages one every PACE_MS milliseconds, so each message's fan-out is measured on its own:
//      send-to-receive latency p50/p99 over every delivery.
// The receiving sockets belong to RECEIVERS accounts, in turn. Every connection is one channel handler on the client's
// event loops (LoadSocket), which finds what it counts in each message's bytes where they lie.
// Usage: GatewayBenchmark API_URL GATEWAY_WS_URL SERVER_PID NATS_WS_URL NATS_PID SOCKETS MESSAGES [PACED PACE_MS RECEIVERS]

let arguments = CommandLine.arguments
guard arguments.count >= 8, let sockets = Int(arguments[6]), let messages = Int(arguments[7]),
    let serverPID = Int32(arguments[3]), let natsPID = Int32(arguments[5])
else {
    print(
        "usage: GatewayBenchmark API_URL GATEWAY_WS_URL SERVER_PID NATS_WS_URL NATS_PID SOCKETS MESSAGES [PACED PACE_MS RECEIVERS]"
    )
    exit(2)
}
let paced = arguments.count > 8 ? Int(arguments[8]) ?? 10 : 10
let pace = Duration.milliseconds(arguments.count > 9 ? Int(arguments[9]) ?? 300 : 300)
let receivers = max(1, arguments.count > 10 ? Int(arguments[10]) ?? 10 : 10)
let api = arguments[1] + "/api"
let gatewayURL = arguments[2]
let natsURL = arguments[4]

func rss(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// What the client looks for in frames, as bytes.
enum Marker {
    static let ready = Array(#""type":"Ready""#.utf8)
    static let message = Array(#""type":"Message""#.utf8)
    static let content = Array(#""content":"t"#.utf8)
    static let crlf = Array("\r\n".utf8)

    /// Where `needle` first occurs in `bytes`.
    static func find(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let first = needle.first, bytes.count >= needle.count else { return nil }
        return needle.withUnsafeBytes { needle -> Int? in
            var offset = 0
            while offset <= bytes.count - needle.count {
                guard let hit = memchr(base + offset, Int32(first), bytes.count - needle.count - offset + 1) else {
                    return nil
                }
                let at = UnsafeRawPointer(hit) - base
                if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }

    /// The decimal number at the start of `bytes`.
    static func number<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

/// CPU time a process has used (user and system), in seconds.
func cpuSeconds(_ pid: Int32) -> Double {
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // The fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime 13th.
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Growth of a process's resident memory since `before`, never negative.
func growth(_ pid: Int32, since before: Int) -> Int { max(0, rss(pid) - before) }

enum Clock {
    static func nanoseconds() -> UInt64 { UInt64(Date.now.timeIntervalSince1970 * 1e9) }
}

/// What the connections saw: how many are ready, and the latency of each delivery in the current phase.
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
    /// Starts counting a new phase's deliveries.
    func nextPhase() { state.withLock { $0.latencies.removeAll(keepingCapacity: true) } }
    var readyCount: Int { state.withLock { $0.ready } }
    var deliveries: Int { state.withLock { $0.latencies.count } }
    /// Deliveries per second since `started`, and the sorted latencies.
    func phase(since started: UInt64) -> (rate: Double, latencies: [UInt64]) {
        let (latencies, lastAt) = state.withLock { ($0.latencies.sorted(), $0.lastAt) }
        return (Double(latencies.count) / max(Double(lastAt - min(lastAt, started)) / 1e9, 0.001), latencies)
    }
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

struct Figures {
    var idleBytes = 0
    var allReady = 0.0
    var burstRate = 0.0
    var burstP99 = 0.0
    var pacedP50 = 0.0
    var pacedP99 = 0.0
    var delivered = 0
    /// The server's CPU time per delivery in the burst, in microseconds.
    var cpuPerDelivery = 0.0
}

func report(_ name: String, _ figures: Figures) {
    print(
        LoadClient.padded(name, 12)
            + String(
                format: "%9.1f KB %12.0f %9.1f %9.2f %9.2f %10d %9.2f %9.2f",
                Double(figures.idleBytes) / Double(sockets) / 1024,
                figures.burstRate, figures.burstP99, figures.pacedP50, figures.pacedP99, figures.delivered,
                figures.allReady, figures.cpuPerDelivery))
}

/// The burst (all MESSAGES sent at once: deliveries per second, the server's CPU per delivery) and the paced series
/// (PACED messages one every PACE_MS: latency of each message's fan-out on its own).
@MainActor func measurePhases(
    _ tally: Tally, server pid: Int32, adding storm: Figures, burst: () async throws -> Void,
    sendOne: () async throws -> Void
) async throws -> Figures {
    var figures = storm
    let cpuBefore = cpuSeconds(pid)
    let burstStart = Clock.nanoseconds()
    try await burst()
    let burstFigures = try await measure(tally, count: messages, started: burstStart)
    figures.cpuPerDelivery = (cpuSeconds(pid) - cpuBefore) * 1e6 / Double(max(1, sockets * messages))
    figures.burstRate = burstFigures.rate
    figures.burstP99 = LoadClient.percentile(burstFigures.latencies, 0.99)
    figures.delivered = burstFigures.latencies.count

    tally.nextPhase()
    let pacedStart = Clock.nanoseconds()
    for _ in 0..<paced {
        try await sendOne()
        try await Task.sleep(for: pace)
    }
    let pacedFigures = try await measure(tally, count: paced, started: pacedStart)
    figures.pacedP50 = LoadClient.percentile(pacedFigures.latencies, 0.5)
    figures.pacedP99 = LoadClient.percentile(pacedFigures.latencies, 0.99)
    figures.delivered += pacedFigures.latencies.count
    return figures
}

/// Waits until every connection has the phase's messages; the phase's throughput and latencies.
func measure(_ tally: Tally, count: Int, started: UInt64) async throws -> (rate: Double, latencies: [UInt64]) {
    try await waitUntil { tally.deliveries >= sockets * count }
    return tally.phase(since: started)
}

// The gateway: RECEIVERS accounts in one server, their sockets following its channel; another member sends.
func account(_ name: String) async throws -> String {
    let email = "\(name)-\(UUID().uuidString.prefix(6))@example.com"
    _ = try await call("/auth/account/create", body: ["email": email, "password": "bench password"])
    let token =
        try await call("/auth/session/login", body: ["email": email, "password": "bench password"])["token"] as! String
    _ = try await call("/onboard/complete", token: token, body: ["username": name])
    return token
}
let owner = try await account("gwowner")
let made = try await call("/servers/create", token: owner, body: ["name": "Bench"])
let channel = ((made["channels"] as! [[String: Any]])[0])["_id"] as! String
let invite = try await call("/channels/\(channel)/invites", token: owner, body: [:])["_id"] as! String
var tokens: [String] = []
for index in 0..<receivers {
    let token = try await account("gwreader\(index)")
    _ = try await call("/invites/\(invite)", token: token, body: [:])
    tokens.append(token)
}
let sender = try await account("gwsender")
_ = try await call("/invites/\(invite)", token: sender, body: [:])

func send() async throws {
    _ = try await call("/channels/\(channel)/messages", token: sender, body: ["content": "t\(Clock.nanoseconds())"])
}

/// The client's event loops: one per core, each running its connections' handlers.
let group = MultiThreadedEventLoopGroup.singleton

/// Opens `count` connections at once (a storm); the channels once every upgrade is answered.
func open(_ count: Int, _ connect: (Int) -> EventLoopFuture<any Channel>) async throws -> [any Channel] {
    try await EventLoopFuture.whenAllSucceed((0..<count).map(connect), on: group.next()).get()
}

func close(_ channels: [any Channel]) async {
    try? await EventLoopFuture.andAllComplete(channels.map { $0.close() }, on: group.next()).get()
}

print(
    LoadClient.padded("", 12)
        + "  idle/conn  burst/s deliv  burst p99  paced p50  paced p99  delivered  all ready s  CPU µs/deliv")
let gateway = Tally()
let frameSize = FrameSize()
var gatewayFigures = Figures()
let gatewayBefore = rss(serverPID)
let gatewayStorm = Clock.nanoseconds()
let gatewaySockets = try await open(sockets) { index in
    LoadSocket.connect(to: "\(gatewayURL)?token=\(tokens[index % tokens.count])", group: group) {
        GatewaySession(tally: gateway, frameSize: frameSize)
    }
}
try await waitUntil { gateway.readyCount >= sockets }
gatewayFigures.allReady = Double(Clock.nanoseconds() - gatewayStorm) / 1e9
try await Task.sleep(for: .seconds(1))
gatewayFigures.idleBytes = growth(serverPID, since: gatewayBefore)

gatewayFigures = try await measurePhases(gateway, server: serverPID, adding: gatewayFigures) {
    try await withThrowingTaskGroup(of: Void.self) { senders in
        for _ in 0..<messages { senders.addTask { try await send() } }
        try await senders.waitForAll()
    }
} sendOne: {
    try await send()
}
report("gateway", gatewayFigures)
print(LoadClient.padded("", 12) + "  (message frames of \(frameSize.bytes) bytes, nats payloads the same)")
await close(gatewaySockets)

// nats-server: subscribers on one subject, a publisher connection.
let nats = Tally()
var natsFigures = Figures()
let natsBefore = rss(natsPID)
let natsStorm = Clock.nanoseconds()
let natsSockets = try await open(sockets) { _ in
    LoadSocket.connect(to: natsURL, group: group) { NatsSession(tally: nats) }
}
try await waitUntil { nats.readyCount >= sockets }
natsFigures.allReady = Double(Clock.nanoseconds() - natsStorm) / 1e9
try await Task.sleep(for: .seconds(1))
natsFigures.idleBytes = growth(natsPID, since: natsBefore)
let publisher = try await LoadSocket.connect(to: natsURL, group: group) {
    NatsSession(tally: nats, subscribes: false)
}.get()
/// Publishes `count` messages back to back, each stamped with its send time and as large as the gateway's frames.
func publish(_ count: Int) {
    let size = frameSize.bytes
    for _ in 0..<count {
        let stamp = "t\(Clock.nanoseconds()) "
        let payload = stamp + String(repeating: "x", count: max(0, size - stamp.utf8.count))
        publisher.writeAndFlush(
            LoadSocket.frame("PUB bench \(payload.utf8.count)\r\n\(payload)\r\n".utf8, allocator: publisher.allocator),
            promise: nil)
    }
}
natsFigures = try await measurePhases(nats, server: natsPID, adding: natsFigures) {
    publish(messages)
} sendOne: {
    publish(1)
}
report("nats-server", natsFigures)
await close(natsSockets + [publisher])
exit(0)
