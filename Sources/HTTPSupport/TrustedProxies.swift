import Foundation
import HTTPTypes
import SafeFetch

/// The proxies (`http.trusted_proxies`, CIDR blocks) whose `Forwarded` / `X-Forwarded-For` headers are believed.
/// Behind a reverse proxy every connection comes from the proxy; without this, every anonymous client would share
/// the proxy's rate-limit bucket. Headers from any other peer are ignored, so a client cannot pick its own address.
public struct TrustedProxies: Sendable, Equatable {
    public let networks: [IPNetwork]

    public init(_ networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Parses CIDR blocks and single addresses (`10.0.0.0/8`, `127.0.0.1`, `fd00::/8`); throws for the first entry
    /// that is neither (`InvalidEntry`).
    public init(parsing entries: [String]) throws(InvalidEntry) {
        var networks: [IPNetwork] = []
        for entry in entries.map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let network = IPNetwork(entry) else { throw InvalidEntry(entry: entry) }
            networks.append(network)
        }
        self.networks = networks
    }

    public struct InvalidEntry: Error, Equatable {
        public let entry: String
    }

    public static let none = TrustedProxies([])

    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client's address for a request from `peer`: the peer itself unless it is a trusted proxy; else, walking
    /// the forwarded chain from the nearest hop outwards, the first address that is not a trusted proxy. `Forwarded`
    /// (RFC 7239) is read when present, `X-Forwarded-For` otherwise. An entry that is not an address (`unknown`,
    /// an obfuscated name) ends the walk at the last proxy that was trusted.
    public func clientAddress(peer: String, headers: HTTPFields) -> String {
        guard !networks.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        var client = peerAddress
        for hop in Self.forwardedChain(headers).reversed() {
            guard let address = IPAddress(hop) else { break }
            client = address
            if !trusts(address) { break }
        }
        return client.description
    }

    static let forwarded = HTTPField.Name("Forwarded")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The hops a request passed, client first, as the headers list them (ports and brackets removed).
    static func forwardedChain(_ headers: HTTPFields) -> [String] {
        let forwarded = headers[values: forwarded]
        if !forwarded.isEmpty {
            return forwarded.flatMap { $0.split(separator: ",") }.compactMap { element in
                for pair in element.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for"
                    else { continue }
                    return hostOnly(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"")))
                }
                return "unknown"
            }
        }
        return headers[values: forwardedFor].flatMap { $0.split(separator: ",") }.map {
            hostOnly($0.trimmingCharacters(in: .whitespaces))
        }
    }

    /// `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.1:80` → `192.0.2.1`; a bare address as it is.
    static func hostOnly(_ text: String) -> String {
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<end])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            return String(text[..<colon])
        }
        return text
    }
}
