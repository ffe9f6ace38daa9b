/// The operator's `proxy.allow` / `proxy.deny` entries: host names (matching the name and its subdomains, or
/// `*.example.com` for subdomains only) and CIDR blocks.
public struct HostRules: Sendable, Equatable {
    public var names: [String]
    public var wildcardSuffixes: [String]
    public var networks: [IPNetwork]

    public init() {
        names = []
        wildcardSuffixes = []
        networks = []
    }

    /// Parses a comma- or space-separated list; throws the first entry that is neither a host name nor a CIDR.
    public init(parsing list: String) throws(SafeFetchError) {
        self.init()
        for entry in list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) {
            if let network = IPNetwork(entry) {
                networks.append(network)
            } else if entry.hasPrefix("*."), case .name(let name)? = FetchHost.parse(String(entry.dropFirst(2))) {
                wildcardSuffixes.append("." + name)
            } else if case .name(let name)? = FetchHost.parse(entry) {
                names.append(name)
            } else if case .address(let address)? = FetchHost.parse(entry) {
                networks.append(IPNetwork(base: address, prefixLength: address.bitCount))
            } else {
                throw .invalidURL("\(entry) is neither a host name nor a CIDR block")
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty && wildcardSuffixes.isEmpty && networks.isEmpty }

    public func matches(_ host: FetchHost) -> Bool {
        switch host {
        case .address(let address): return matches(address)
        case .name(let name):
            return names.contains { name == $0 || name.hasSuffix("." + $0) }
                || wildcardSuffixes.contains { name.hasSuffix($0) }
        }
    }

    public func matches(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }
}
