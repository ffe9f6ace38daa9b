import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TestSupport

// Webhook benchmark, driven by run.sh against a release `discordination serve` (rate limits off):
//   1. executions: 16 concurrent senders, each executing the webhook of a channel of its own
//      (POST /webhooks/{id}/{token}), beside the same senders posting plain messages
//      (POST /channels/{id}/messages) to the same channels — plain, webhook, plain, in one run;
//   2. signed deliveries: a bot with an interactions endpoint on loopback (this program: it verifies every
//      signature with swift-crypto's Ed25519, as a bot's endpoint would) in the server; messages are sent and the
//      time until the endpoint has every delivery gives deliveries per second.
// Usage: WebhookBenchmark SERVER_URL SECONDS SENDERS DELIVERIES

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    print("usage: WebhookBenchmark SERVER_URL SECONDS SENDERS DELIVERIES")
    exit(2)
}
let server = arguments[1] + "/api"
let seconds = Double(arguments[2]) ?? 10
let senders = Int(arguments[3]) ?? 16
let deliveryCount = Int(arguments[4]) ?? 2000
let client = LoadClient()

/// A setup request to the API with the session token, if any.
func call(
    _ method: HTTPMethod, _ path: String, token: String? = nil, body: [String: Any]? = nil
) async throws -> [String: Any] {
    try await client.json(method, server + path, headers: token.map { [("X-Session-Token", $0)] } ?? [], body: body)
}

// Set up: one user owning one server with a channel and a webhook per sender.
let run = UUID().uuidString.prefix(6).lowercased()
let email = "hooks-\(run)@example.com"
_ = try await call(.POST, "/auth/account/create", body: ["email": email, "password": "bench password"])
let login = try await call(.POST, "/auth/session/login", body: ["email": email, "password": "bench password"])
let token = login["token"] as! String
_ = try await call(.POST, "/onboard/complete", token: token, body: ["username": "hooks\(run)"])
let made = try await call(.POST, "/servers/create", token: token, body: ["name": "Webhooks"])
let serverID = (made["server"] as! [String: Any])["_id"] as! String
var madeChannels: [String] = []
var madeHooks: [String] = []
for number in 0..<senders {
    let channel = try await call(.POST, "/servers/\(serverID)/channels", token: token, body: ["name": "c\(number)"])
    let id = channel["_id"] as! String
    let hook = try await call(.POST, "/channels/\(id)/webhooks", token: token, body: ["name": "hook\(number)"])
    madeChannels.append(id)
    madeHooks.append("\(server)/webhooks/\(hook["id"] as! String)/\(hook["token"] as! String)")
}
let channels = madeChannels
let hooks = madeHooks
let content = "benchmark message with a little text in it, as chat messages have"

let plainRequest: @Sendable (Int) throws -> HTTPClientRequest = { sender in
    var request = HTTPClientRequest(url: "\(server)/channels/\(channels[sender % channels.count])/messages")
    request.method = .POST
    request.headers.add(name: "X-Session-Token", value: token)
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["content": content])))
    return request
}
let webhookRequest: @Sendable (Int) throws -> HTTPClientRequest = { sender in
    var request = HTTPClientRequest(url: hooks[sender % hooks.count])
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["content": content])))
    return request
}

_ = try await client.load(clients: senders, seconds: 1, plainRequest)
_ = try await client.load(clients: senders, seconds: 1, webhookRequest)
let plainBefore = try await client.load(clients: senders, seconds: seconds, plainRequest)
let executions = try await client.load(clients: senders, seconds: seconds, webhookRequest)
let plainAfter = try await client.load(clients: senders, seconds: seconds, plainRequest)
let plainRate = (plainBefore.rate + plainAfter.rate) / 2

// Signed deliveries: the endpoint verifies each signature with the bot's public key and counts Message events.
let origin = try await FixtureOrigin()
let bot = try await call(.POST, "/bots/create", token: token, body: ["name": "sink\(run)"])
let botID = bot["_id"] as! String
let publicKey = try Curve25519.Signing.PublicKey(
    rawRepresentation: stride(from: 0, to: (bot["public_key"] as! String).count, by: 2).map { offset in
        let text = bot["public_key"] as! String
        let start = text.index(text.startIndex, offsetBy: offset)
        return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
    })
let received = Counter()
origin.respond("/interactions") { seen in
    let signature = stride(from: 0, to: (seen.headers["x-signature-ed25519"] ?? "").count, by: 2).compactMap {
        offset -> UInt8? in
        let text = seen.headers["x-signature-ed25519"] ?? ""
        let start = text.index(text.startIndex, offsetBy: offset)
        return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)
    }
    let signed = Array((seen.headers["x-signature-timestamp"] ?? "").utf8) + seen.body
    guard publicKey.isValidSignature(signature, for: signed) else {
        return [.send(FixtureOrigin.head(status: 401, headers: ["Content-Length: 0"]))]
    }
    if seen.body == Array(#"{"type":1}"#.utf8) {
        return [.send(FixtureOrigin.head(status: 200, headers: ["Content-Length: 10"]) + Array(#"{"type":1}"#.utf8))]
    }
    received.add()
    return [.send(FixtureOrigin.head(status: 204, headers: ["Content-Length: 0"]))]
}
_ = try await call(.POST, "/bots/\(botID)/invite", token: token, body: ["server": serverID])
_ = try await call(.PATCH, "/bots/\(botID)", token: token, body: ["interactions_url": origin.url("/interactions")])
let deliveriesStart = DispatchTime.now().uptimeNanoseconds
try await withThrowingTaskGroup(of: Void.self) { group in
    for sender in 0..<senders {
        group.addTask {
            for _ in stride(from: sender, to: deliveryCount, by: senders) {
                let answer = try await client.execute(try plainRequest(sender))
                guard answer.status == 200 else { throw LoadClient.UnexpectedStatus(status: answer.status) }
            }
        }
    }
    try await group.waitForAll()
}
let sendSeconds = Double(DispatchTime.now().uptimeNanoseconds - deliveriesStart) / 1e9
let deadline = DispatchTime.now().uptimeNanoseconds + 120_000_000_000
while received.value < deliveryCount, DispatchTime.now().uptimeNanoseconds < deadline {
    try await Task.sleep(for: .milliseconds(20))
}
let deliverySeconds = Double(DispatchTime.now().uptimeNanoseconds - deliveriesStart) / 1e9
await origin.stop()

print(LoadClient.padded("\(senders) concurrent senders", 44) + "  req/s     p50 ms    p99 ms  p99.9 ms")
print(LoadClient.padded("POST …/messages (plain), before", 44) + plainBefore.columns)
print(LoadClient.padded("POST /webhooks/{id}/{token}", 44) + executions.columns)
print(LoadClient.padded("POST …/messages (plain), after", 44) + plainAfter.columns)
print(String(format: "webhook executions / plain sends: %.2f", executions.rate / plainRate))
print(
    String(
        format: "signed deliveries: %d of %d verified in %.1f s = %.0f deliveries/s (the %d sends took %.1f s)",
        received.value, deliveryCount, deliverySeconds, Double(received.value) / deliverySeconds, deliveryCount,
        sendSeconds))
try await client.shutdown()

/// Deliveries the endpoint accepted.
final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
