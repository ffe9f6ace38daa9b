import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

@testable import SafeFetch

/// A resolver that gives chosen answers in turn (the last one again once they run out) and counts its calls.
final class ScriptedResolver: HostResolver, Sendable {
    private let answers: NIOLockedValueBox<[String: [[IPAddress]]]>
    private let calls = NIOLockedValueBox<[String]>([])

    init(_ answers: [String: [[String]]]) {
        self.answers = NIOLockedValueBox(answers.mapValues { $0.map { $0.compactMap(IPAddress.init) } })
    }

    var lookups: [String] { calls.withLockedValue { $0 } }

    func addresses(of name: String) async throws -> [IPAddress] {
        calls.withLockedValue { $0.append(name) }
        return try answers.withLockedValue { answers in
            guard var list = answers[name], let first = list.first else {
                throw SafeFetchError.failed("no such host")
            }
            if list.count > 1 { list.removeFirst() }
            answers[name] = list
            return first
        }
    }
}

/// Never connects: records where the fetcher would have connected and answers with the next canned head.
final class RecordingConnector: FetchConnector, Sendable {
    private let heads: NIOLockedValueBox<[HopHead]>
    private let attempts = NIOLockedValueBox<[PinnedTarget]>([])

    init(_ heads: [HopHead]) {
        self.heads = NIOLockedValueBox(heads)
    }

    var targets: [PinnedTarget] { attempts.withLockedValue { $0 } }

    func exchange<Result: Sendable>(
        _ request: HopRequest, _ body: (HopHead, inout FetchBody) async throws -> Result
    ) async throws -> Result {
        attempts.withLockedValue { $0.append(request.target) }
        let head = heads.withLockedValue {
            $0.isEmpty ? HopHead(status: 200, headers: HTTPHeaders()) : $0.removeFirst()
        }
        var chunks = [ByteBuffer(string: "recorded")]
        var fetchBody = FetchBody { chunks.isEmpty ? nil : chunks.removeFirst() }
        return try await body(head, &fetchBody)
    }
}

extension HopHead {
    static func redirect(_ status: Int = 302, to location: String) -> HopHead {
        HopHead(status: status, headers: HTTPHeaders([("Location", location)]))
    }
    static let ok = HopHead(status: 200, headers: HTTPHeaders([("Content-Type", "text/html")]))
}
