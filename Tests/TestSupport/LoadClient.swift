import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The benchmarks' HTTP load: timed GETs, closed-loop clients for a fixed time, and latency percentiles.
public struct LoadClient: Sendable {
    public let http: HTTPClient

    public init() {
        http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    public struct Answer: Sendable {
        public var status: UInt
        public var nanoseconds: UInt64
        public var headers: HTTPHeaders
    }

    /// One GET, read to its end, and how long it took.
    public func get(_ url: String) async throws -> Answer {
        try await execute(HTTPClientRequest(url: url))
    }

    /// Any request, its answer read to its end, and how long it took.
    public func execute(_ request: HTTPClientRequest) async throws -> Answer {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await http.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 10 * 1024 * 1024)
        return Answer(
            status: response.status.code, nanoseconds: DispatchTime.now().uptimeNanoseconds - started,
            headers: response.headers)
    }

    /// A JSON request to set a benchmark up (accounts, servers, webhooks): the answer's object, `[:]` for an empty
    /// one; a status of 300 or more throws with the answer's text.
    public func json(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [String: Any]? = nil
    ) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code < 300 else {
            throw SetupFailure(description: "\(method) \(url): \(response.status.code) \(String(buffer: bytes))")
        }
        guard bytes.readableBytes > 0 else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:]
    }

    public struct SetupFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Requests per second and the sorted latencies of `clients` loops asking for `url` for `seconds`; anything but
    /// 200 ends the run with an error.
    public struct Result: Sendable {
        public var rate: Double
        public var latencies: [UInt64]

        public init(rate: Double, latencies: [UInt64]) {
            self.rate = rate
            self.latencies = latencies
        }

        /// `rate p50 p99 p99.9` as the benchmark tables print them.
        public var columns: String {
            String(
                format: "%7.0f %10.3f %9.3f %9.3f", rate, LoadClient.percentile(latencies, 0.5),
                LoadClient.percentile(latencies, 0.99), LoadClient.percentile(latencies, 0.999))
        }
    }

    public struct UnexpectedStatus: Error {
        public var status: UInt

        public init(status: UInt) { self.status = status }
    }

    public func load(_ url: String, clients: Int, seconds: Double) async throws -> Result {
        try await load(clients: clients, seconds: seconds) { _ in HTTPClientRequest(url: url) }
    }

    /// `clients` loops sending the request `make` builds (given the client's number) for `seconds`.
    public func load(
        clients: Int, seconds: Double, expecting expected: UInt = 200,
        _ make: @escaping @Sendable (Int) throws -> HTTPClientRequest
    ) async throws -> Result {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let started = DispatchTime.now().uptimeNanoseconds
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for number in 0..<clients {
                group.addTask {
                    var mine: [UInt64] = []
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let answer = try await execute(try make(number))
                        guard answer.status == expected else { throw UnexpectedStatus(status: answer.status) }
                        mine.append(answer.nanoseconds)
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Result(rate: Double(latencies.count) / elapsed, latencies: latencies.sorted())
    }

    /// The latency at `fraction` of sorted nanoseconds, in milliseconds.
    public static func percentile(_ sorted: [UInt64], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1_000_000
    }

    public static func padded(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    public func shutdown() async throws {
        try await http.shutdown()
    }
}
