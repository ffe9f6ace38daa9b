import Foundation
import NIOCore
import TestSupport

// GIF proxy benchmark, driven by run.sh against a release `discordination serve` whose provider is the fake one
// this program starts on loopback:
//   1. cache hits: one cached search through both dialects, beside /healthz of the same server (its HTTP floor)
//      and the provider itself, with the same clients: requests per second, latency percentiles, the ratio;
//   2. a replayed query mix: queries drawn from a Zipf distribution over a vocabulary, as a chat's users would
//      type them; the hit ratio is the share of requests that cost no upstream call.
// Usage: GifProxyBenchmark SERVER_URL PROVIDER_FILE [seconds] [clients,…] [requests] [vocabulary] [zipf_s]

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: GifProxyBenchmark SERVER_URL PROVIDER_FILE [seconds] [clients,…] [requests] [vocabulary] [zipf_s]")
    exit(2)
}
let server = arguments[1]
let providerFile = arguments[2]
let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 10 : 10
let clientCounts = (arguments.count > 4 ? arguments[4] : "1,16").split(separator: ",").compactMap { Int($0) }
let replayCount = arguments.count > 5 ? Int(arguments[5]) ?? 20000 : 20000
let vocabulary = arguments.count > 6 ? Int(arguments[6]) ?? 2000 : 2000
let zipfExponent = arguments.count > 7 ? Double(arguments[7]) ?? 1.0 : 1.0

let provider = try await FakeGifProvider(total: 200)
try "\(provider.origin.port) \(provider.key)".write(toFile: providerFile, atomically: true, encoding: .utf8)

let client = LoadClient()

func get(_ url: String) async throws -> (status: UInt, nanoseconds: UInt64, cache: String) {
    let answer = try await client.get(url)
    return (answer.status, answer.nanoseconds, answer.headers.first(name: "x-cache") ?? "")
}

func load(_ url: String, clients: Int) async throws -> LoadClient.Result {
    try await client.load(url, clients: clients, seconds: seconds)
}

let percentile = LoadClient.percentile
let padded = LoadClient.padded

// Warm the cached answers and the connections.
let tenorHit = "\(server)/gifs/v2/search?q=cats&limit=20"
let gifboxHit = "\(server)/gifbox/search?query=cats&limit=20"
for url in [tenorHit, gifboxHit] {
    let first = try await get(url)
    guard first.status == 200 else {
        print("\(url) answered \(first.status)")
        exit(1)
    }
}
_ = try await load("\(server)/healthz", clients: 4)

print(padded("cache hits (20 results a page)", 40) + "  req/s     p50 ms    p99 ms  p99.9 ms")
for clients in clientCounts {
    let health = try await load("\(server)/healthz", clients: clients)
    let tenor = try await load(tenorHit, clients: clients)
    let gifbox = try await load(gifboxHit, clients: clients)
    let direct = try await load(provider.origin.url("/v2/search?q=cats&limit=20&key=\(provider.key)"), clients: clients)
    for (name, result) in [
        ("GET /healthz (floor)", health), ("GET /gifs/v2/search (hit)", tenor), ("GET /gifbox/search (hit)", gifbox),
        ("fake provider direct (no cache)", direct),
    ] {
        print(padded("\(name), \(clients) cl.", 40) + result.columns)
    }
    print(
        String(
            format: "  hit / healthz throughput with %d clients: tenor %.2f, gifbox %.2f", clients,
            tenor.rate / health.rate, gifbox.rate / health.rate))
}

/// Ranks 1…n drawn with probability ∝ 1/rank^s, by inverting the cumulative weights.
struct Zipf {
    var cumulative: [Double]
    init(count: Int, exponent: Double) {
        var total = 0.0
        cumulative = (1...count).map { rank in
            total += 1 / pow(Double(rank), exponent)
            return total
        }
        cumulative = cumulative.map { $0 / total }
    }
    func draw(_ generator: inout some RandomNumberGenerator) -> Int {
        let target = Double.random(in: 0..<1, using: &generator)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A fixed seed, so each run replays the same mix.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let zipf = Zipf(count: vocabulary, exponent: zipfExponent)
var generator = SplitMix(state: 42)
let mix = (0..<replayCount).map { _ in zipf.draw(&generator) }
let distinct = Set(mix).count
let callsBefore = provider.apiCalls
let replayClients = 16
let started = DispatchTime.now().uptimeNanoseconds
let (statuses, latencies) = try await withThrowingTaskGroup(of: ([String: Int], [UInt64]).self) { group in
    for worker in 0..<replayClients {
        group.addTask {
            var seen: [String: Int] = [:]
            var mine: [UInt64] = []
            for index in stride(from: worker, to: mix.count, by: replayClients) {
                // Users type the same term differently; the proxy normalises it.
                let spelling =
                    index % 3 == 0 ? "Term%20\(mix[index])" : "term\(index % 2 == 0 ? "%20" : "")%20\(mix[index])"
                let (status, nanoseconds, cache) = try await get("\(server)/gifbox/search?query=\(spelling)&limit=20")
                guard status == 200 else { throw LoadClient.UnexpectedStatus(status: status) }
                seen[cache, default: 0] += 1
                mine.append(nanoseconds)
            }
            return (seen, mine)
        }
    }
    var total: ([String: Int], [UInt64]) = ([:], [])
    for try await part in group {
        total.0.merge(part.0, uniquingKeysWith: +)
        total.1 += part.1
    }
    return total
}
let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
let upstream = provider.apiCalls - callsBefore
let sorted = latencies.sorted()
print(
    "replayed mix: \(replayCount) requests over \(vocabulary) terms, Zipf s=\(zipfExponent), \(replayClients) clients"
        + " (\(distinct) distinct terms drawn)")
print(
    String(
        format: "  upstream calls %d (a proxy without a cache: %d); hit ratio %.3f; calls saved %.1f%%", upstream,
        replayCount, 1 - Double(upstream) / Double(replayCount), 100 * (1 - Double(upstream) / Double(replayCount))))
let answerCounts = statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
let replayRate = Double(replayCount) / elapsed
let replayP50: Double = LoadClient.percentile(sorted, 0.5)
let replayP99: Double = LoadClient.percentile(sorted, 0.99)
print(
    "  answers: \(answerCounts)"
        + String(format: "; %.0f req/s, p50 %.3f ms, p99 %.3f ms (misses included)", replayRate, replayP50, replayP99))
print(
    String(
        format: "  the best a cache can do here is %d calls (one per distinct term): ratio %.3f",
        distinct, 1 - Double(distinct) / Double(replayCount)))
try await client.shutdown()
await provider.stop()
