import Foundation
import NIOCore
import TestSupport

// Link-proxy benchmark, driven by run.sh against a release `discordination serve`:
//   1. cache hits: /january/embed for one cached URL, beside /healthz of the same server (its HTTP floor), with
//      the same clients: requests per second and latency percentiles, and the ratio;
//   2. cold path: unique page URLs fetched straight from a loopback origin (a new connection each, as the fetcher
//      does) and through /january/embed (uncached: enqueue, worker fetch, parse, cache), one at a time; the
//      difference is the proxy's added latency.
// Usage: LinkProxyBenchmark SERVER_URL ORIGIN_PORT_FILE [seconds] [clients,clients…] [cold_count]

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: LinkProxyBenchmark SERVER_URL ORIGIN_PORT_FILE [seconds] [clients,clients…] [cold_count]")
    exit(2)
}
let server = arguments[1]
let portFile = arguments[2]
let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 10 : 10
/// Client counts to run the cache-hit load with, e.g. `1,16`.
let clientCounts = (arguments.count > 4 ? arguments[4] : "1,16").split(separator: ",").compactMap { Int($0) }
let coldCount = arguments.count > 5 ? Int(arguments[5]) ?? 200 : 200

/// A page shaped like a news article: 30 KB, metadata in the head.
let page: [UInt8] = {
    var html = """
        <!doctype html><html><head><meta charset="utf-8"><title>Benchmark article</title>
        <meta property="og:title" content="A benchmark article"><meta property="og:description" content="Measured.">
        <meta property="og:image" content="https://cdn.example.com/a.jpg"><meta property="og:image:width" content="1200">
        <meta property="og:image:height" content="630"><link rel="icon" href="/favicon.ico"></head><body>
        """
    while html.utf8.count < 30_000 { html += "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n" }
    return Array((html + "</body></html>").utf8)
}()

let origin = try await FixtureOrigin()
origin.serve("/page", contentType: "text/html; charset=utf-8", body: page)
try String(origin.port).write(toFile: portFile, atomically: true, encoding: .utf8)

let client = LoadClient()

func get(_ url: String) async throws -> (status: UInt, nanoseconds: UInt64) {
    let answer = try await client.get(url)
    return (answer.status, answer.nanoseconds)
}

func load(_ url: String, clients: Int) async throws -> LoadClient.Result {
    try await client.load(url, clients: clients, seconds: seconds)
}

let percentile = LoadClient.percentile
let padded = LoadClient.padded

func encoded(_ url: String) -> String { url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

// Warm: the cached URL, and the connections.
let cachedURL = "\(server)/january/embed?url=\(encoded(origin.url("/page?cached")))"
let first = try await get(cachedURL)
guard first.status == 200 else {
    print("the embed route answered \(first.status)")
    exit(1)
}
_ = try await load("\(server)/healthz", clients: 4)

print(padded("cache hits", 34) + "  req/s     p50 ms    p99 ms  p99.9 ms")
for clients in clientCounts {
    let health = try await load("\(server)/healthz", clients: clients)
    let hits = try await load(cachedURL, clients: clients)
    for (name, result) in [("GET /healthz (floor)", health), ("GET /january/embed (hit)", hits)] {
        print(padded("\(name), \(clients) cl.", 34) + result.columns)
    }
    print(String(format: "  embed hit / healthz throughput with %d clients: %.2f", clients, hits.rate / health.rate))
}

var direct: [UInt64] = []
var proxied: [UInt64] = []
for index in 0..<coldCount {
    let pageURL = origin.url("/page?cold=\(index)-\(UUID().uuidString.prefix(6))")
    direct.append(try await get(pageURL).nanoseconds)
    let (status, nanoseconds) = try await get("\(server)/january/embed?url=\(encoded(pageURL))")
    guard status == 200 else {
        print("a cold embed answered \(status)")
        exit(1)
    }
    proxied.append(nanoseconds)
}
direct.sort()
proxied.sort()
print(padded("cold path (\(coldCount) URLs, 1 at a time)", 34) + "   p50 ms    p99 ms")
print(
    padded("origin direct (new connection)", 34)
        + String(format: "%9.3f %9.3f", percentile(direct, 0.5), percentile(direct, 0.99)))
print(
    padded("through /january/embed", 34)
        + String(format: "%9.3f %9.3f", percentile(proxied, 0.5), percentile(proxied, 0.99)))
print(
    String(
        format: "added by the proxy: p50 %.3f ms, p99 %.3f ms", percentile(proxied, 0.5) - percentile(direct, 0.5),
        percentile(proxied, 0.99) - percentile(direct, 0.99)))
try await client.shutdown()
await origin.stop()
