import Foundation
import NIOCore
import NIOPosix
import RedisClient

/// Measures XADD throughput of RedisClient the way redis-benchmark measures its own, printing `ops_per_second=…`:
/// `URL pipelined CLIENTS DEPTH N` — CLIENTS connections, each sending DEPTH commands per round trip;
/// `URL single N` — one connection, one command per round trip.
/// By default the callers run as the services' do: on NIO's event loops installed as Swift's global executor
/// (`GlobalExecutor.useEventLoops`). A trailing `swift-pool` leaves Swift's own pool in place (every round trip
/// crosses threads twice); a trailing `pinned` runs the callers on one loop (`EventLoopTaskExecutor`) with the
/// client on that loop.
@main
struct RedisClientBenchmark {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let variant = ["pinned", "swift-pool"].contains(arguments.last) ? arguments.removeLast() : "default"
        let pinned = variant == "pinned"
        if variant != "swift-pool" { GlobalExecutor.useEventLoops() }
        guard arguments.count >= 3, let total = Int(arguments[arguments.count - 1]) else {
            print("usage: RedisClientBenchmark URL pipelined CLIENTS DEPTH N | URL single N, then pinned|swift-pool")
            exit(2)
        }
        let endpoint = try RedisEndpoint(url: arguments[0])
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let group: any EventLoopGroup = pinned ? loop : MultiThreadedEventLoopGroup.singleton
        let mode = arguments[1]
        let clients = mode == "pipelined" ? Int(arguments[2]) ?? 50 : 1
        let depth = mode == "pipelined" ? Int(arguments[3]) ?? 16 : 1
        let rate =
            if pinned {
                try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
                    try await measure(endpoint, group: group, clients: clients, depth: depth, total: total)
                }
            } else {
                try await measure(endpoint, group: group, clients: clients, depth: depth, total: total)
            }
        print(String(format: "ops_per_second=%.0f", rate))
    }

    /// Nonisolated, so the awaits inside run on the preferred executor rather than hopping to the main actor.
    static func measure(
        _ endpoint: RedisEndpoint,
        group: any EventLoopGroup,
        clients: Int,
        depth: Int,
        total: Int
    ) async throws -> Double {
        let client = RedisClient(
            configuration: RedisClientConfiguration(endpoint: endpoint, maximumConnections: clients),
            eventLoopGroup: group
        )
        let stream = "bench:\(UUID().uuidString.prefix(8))"
        let batch = (0..<depth).map { _ in RedisClient.xaddCommand(stream, fields: [("f", "v")]) }
        let single = batch[0]
        let rounds = total / depth / clients
        // Open every connection first so connecting is not timed.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<clients { tasks.addTask { _ = try await client.pipeline([RedisCommand("PING")]) } }
            try await tasks.waitForAll()
        }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<clients {
                tasks.addTask {
                    for _ in 0..<rounds {
                        if depth == 1 {
                            try await client.send(single)
                        } else {
                            _ = try await client.pipeline(batch)
                        }
                    }
                }
            }
            try await tasks.waitForAll()
        }
        let elapsed = start.duration(to: .now)
        try await client.send("DEL", stream)
        await client.shutDown()
        return Double(rounds * depth * clients)
            / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
