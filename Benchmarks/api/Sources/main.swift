import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Storage
import TestSupport

// Chat API benchmark, driven by run.sh against a release `discordination serve` on PostgreSQL:
//   1. sends: closed-loop senders (1, 8, 32), each posting to a channel of its own, every send persisted, its
//      nonce checked and its event published; beside pgbench inserting one equivalent row per transaction at the
//      same concurrency into the same PostgreSQL (run.sh runs pgbench just before, and passes its results);
//   2. attached sends: 8 senders, 300 messages each, every message holding one upload claimed in its transaction;
//   3. history: GET /channels/{id}/messages?limit=50 from 1 and 8 clients.
// Usage: APIBenchmark SERVER_URL POSTGRES_URL SECONDS CLIENTS PGBENCH_RESULTS_FILE
// The results file has one "CLIENTS TPS" line per concurrency.

let arguments = CommandLine.arguments
guard arguments.count >= 6 else {
    print("usage: APIBenchmark SERVER_URL POSTGRES_URL SECONDS CLIENTS(1,8,32) PGBENCH_RESULTS_FILE")
    exit(2)
}
let server = arguments[1] + "/api"
let postgresURL = arguments[2]
let seconds = Double(arguments[3]) ?? 10
let clientCounts = arguments[4].split(separator: ",").compactMap { Int($0) }
let pgbenchFile = arguments[5]
let client = LoadClient()
let attachedPerSender = 300

/// A setup request to the API with the session token, if any.
func call(
    _ method: HTTPMethod, _ path: String, token: String? = nil, body: [String: Any]? = nil
) async throws -> [String: Any] {
    try await client.json(method, server + path, headers: token.map { [("X-Session-Token", $0)] } ?? [], body: body)
}

// Set up: the senders, one server, a channel per sender.
let senders = clientCounts.max() ?? 1
let run = UUID().uuidString.prefix(6).lowercased()
var madeTokens: [String] = []
var madeUsers: [String] = []
for number in 0..<senders {
    let email = "bench-\(run)-\(number)@example.com"
    _ = try await call(.POST, "/auth/account/create", body: ["email": email, "password": "bench password"])
    let login = try await call(.POST, "/auth/session/login", body: ["email": email, "password": "bench password"])
    let token = login["token"] as! String
    let user = try await call(.POST, "/onboard/complete", token: token, body: ["username": "bench\(number)"])
    madeTokens.append(token)
    madeUsers.append(user["_id"] as! String)
}
let tokens = madeTokens
let userIDs = madeUsers
let made = try await call(.POST, "/servers/create", token: tokens[0], body: ["name": "Benchmark"])
let serverID = (made["server"] as! [String: Any])["_id"] as! String
var madeChannels: [String] = []
for number in 0..<senders {
    let channel = try await call(.POST, "/servers/\(serverID)/channels", token: tokens[0], body: ["name": "c\(number)"])
    madeChannels.append(channel["_id"] as! String)
}
let channels = madeChannels
let invite = try await call(.POST, "/channels/\(channels[0])/invites", token: tokens[0])
for token in tokens.dropFirst() { _ = try await call(.POST, "/invites/\(invite["_id"] as! String)", token: token) }

// Uploads for the attached run, recorded as the file server records them (uploading thousands first would
// measure the file server instead).
let location = try DatabaseLocation(url: postgresURL)
let attachments: [[String]] = try await MetadataStore.withStore(location: location, logger: Logger(label: "bench")) {
    store in
    var all: [[String]] = []
    for sender in 0..<8 {
        var mine: [String] = []
        for index in 0..<attachedPerSender {
            let id = "b\(run)\(sender)x\(index)"
            let hash = "bench-\(run)-\(sender)-\(index)"
            _ = try await store.createFile(
                FileRecord(
                    id: id, tag: "attachments", filename: "a.png", contentType: "image/png", size: 100, hash: hash,
                    uploaderID: userIDs[sender % senders], metadata: #"{"type":"Image","width":1,"height":1}"#),
                object: StoredObject(hash: hash, storageKey: "bench/\(hash)", size: 100, contentType: "image/png"))
            mine.append(id)
        }
        all.append(mine)
    }
    return all
}

let sendRequest: @Sendable (Int, String?) throws -> HTTPClientRequest = { sender, attachment in
    var request = HTTPClientRequest(url: "\(server)/channels/\(channels[sender])/messages")
    request.method = .POST
    request.headers.add(name: "X-Session-Token", value: tokens[sender])
    request.headers.add(name: "Idempotency-Key", value: UUID().uuidString)
    request.headers.add(name: "Content-Type", value: "application/json")
    var body: [String: Any] = ["content": "benchmark message with a little text in it, as chat messages have"]
    if let attachment { body["attachments"] = [attachment] }
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    return request
}

// Warm the connections and the server.
_ = try await client.load(clients: senders, seconds: 1) { try sendRequest($0, nil) }

var results: [(clients: Int, api: LoadClient.Result)] = []
for clients in clientCounts {
    results.append((clients, try await client.load(clients: clients, seconds: seconds) { try sendRequest($0, nil) }))
}

// Attached: each of 8 senders sends one message per upload in its pool, one at a time.
let attachedStart = DispatchTime.now().uptimeNanoseconds
let attachedLatencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
    for sender in 0..<8 {
        group.addTask {
            var mine: [UInt64] = []
            for attachment in attachments[sender] {
                let answer = try await client.execute(try sendRequest(sender % senders, attachment))
                guard answer.status == 200 else { throw LoadClient.UnexpectedStatus(status: answer.status) }
                mine.append(answer.nanoseconds)
            }
            return mine
        }
    }
    var all: [UInt64] = []
    for try await part in group { all += part }
    return all.sorted()
}
let attached = LoadClient.Result(
    rate: Double(attachedLatencies.count) / (Double(DispatchTime.now().uptimeNanoseconds - attachedStart) / 1e9),
    latencies: attachedLatencies)

let historyRequest: @Sendable (Int) -> HTTPClientRequest = { number in
    var request = HTTPClientRequest(url: "\(server)/channels/\(channels[number % channels.count])/messages?limit=50")
    request.headers.add(name: "X-Session-Token", value: tokens[number % tokens.count])
    return request
}
let historyAlone = try await client.load(clients: 1, seconds: seconds, historyRequest)
let history = try await client.load(clients: 8, seconds: seconds, historyRequest)

let pgbench: [Int: Double] = Dictionary(
    uniqueKeysWithValues: ((try? String(contentsOfFile: pgbenchFile, encoding: .utf8)) ?? "").split(separator: "\n")
        .compactMap { line -> (Int, Double)? in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let clients = Int(parts[0]), let tps = Double(parts[1]) else { return nil }
            return (clients, tps)
        })

print(
    LoadClient.padded("messages sent (persisted, event)", 40)
        + "  msg/s     p50 ms    p99 ms  p99.9 ms   pgbench tps  ratio")
for (clients, api) in results {
    let tps = pgbench[clients] ?? 0
    print(
        LoadClient.padded("POST …/messages, \(clients) senders", 40) + api.columns
            + String(format: " %12.0f  %5.2f", tps, tps > 0 ? api.rate / tps : 0))
}
print(LoadClient.padded("POST …/messages + 1 attachment, 8 sdr.", 40) + attached.columns)
print(LoadClient.padded("GET …/messages?limit=50, 1 client", 40) + historyAlone.columns)
print(LoadClient.padded("GET …/messages?limit=50, 8 clients", 40) + history.columns)
try await client.shutdown()
