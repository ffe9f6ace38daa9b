import Crypto
import Foundation
import HTTPSupport
import SafeFetch

/// A bot's `interactions_url` as Discordination talks to it: signed POSTs through SafeFetch (the SSRF rules apply to
/// every address the name resolves to), answered within `deadline` (Discord's 3 s), redirects not followed. The
/// per-host politeness limits of link previews do not apply: the bot's owner asked for these requests, and the
/// delivery queue's concurrency bounds them.
struct InteractionsEndpoint: Sendable {
    let fetcher: SafeFetcher
    var deadline: Duration = .seconds(3)

    static let limits = FetchLimits(maxBodyBytes: 64 * 1024, handlesErrorStatuses: true)

    /// Why an endpoint was refused when it was saved.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// What one delivery got back.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// POSTs `body` signed by `key` (or forged, for the check) and returns the answer; transport failures, a blocked
    /// address and the deadline throw.
    func post(_ url: String, body: [UInt8], key: Curve25519.Signing.PrivateKey?) async throws -> Answer {
        let timestamp = InteractionSigner.timestamp()
        var headers =
            try key.map { try InteractionSigner.headers(body: body, timestamp: timestamp, key: $0) }
            ?? InteractionSigner.forgedHeaders(body: body, timestamp: timestamp)
        headers += [("Content-Type", "application/json"), ("Accept", "application/json")]
        let (status, _, answer) = try await fetcher.withoutHostLimits().limited(to: deadline).post(
            url, body: body, headers: headers, limits: Self.limits)
        return Answer(status: status, body: answer)
    }

    /// Discord's check before an endpoint is kept: a signed `PING` must be answered `{"type": 1}` with a 2xx, and
    /// the same `PING` with a bad signature must be refused (any status but 2xx). Throws `Refusal` saying which.
    func verify(_ url: String, key: Curve25519.Signing.PrivateKey) async throws {
        let ping = Array(#"{"type":1}"#.utf8)
        let answer: Answer
        do {
            answer = try await post(url, body: ping, key: key)
        } catch let error as SafeFetchError {
            throw Refusal(description: "the endpoint could not be reached: \(error)")
        }
        guard (200..<300).contains(answer.status) else {
            throw Refusal(description: "the endpoint answered the PING with status \(answer.status)")
        }
        let type = (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(answer.body)))?["type"]
        guard type == .int(1) else {
            throw Refusal(description: #"the endpoint must answer a PING with {"type": 1}"#)
        }
        let forged: Answer
        do {
            forged = try await post(url, body: ping, key: nil)
        } catch let error as SafeFetchError {
            throw Refusal(description: "the endpoint could not be reached: \(error)")
        }
        guard !(200..<300).contains(forged.status) else {
            throw Refusal(description: "the endpoint accepted a request with an invalid signature")
        }
    }
}
