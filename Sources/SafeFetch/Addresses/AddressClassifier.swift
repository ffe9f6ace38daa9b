/// Decides whether an address may be connected to: the special-purpose ranges of REFERENCE.md ("SSRF") are refused,
/// and IPv6 forms that carry an IPv4 address (mapped, translated, NAT64, 6to4) are judged by that IPv4 address.
/// Only global unicast IPv6 (2000::/3) is let through at all.
public enum AddressClassifier {
    /// Why `address` must not be reached, or nil when it is a public address.
    public static func blockReason(_ address: IPAddress) -> String? {
        switch address {
        case .v4(let value):
            return ipv4Blocked.first { $0.network.contains(.v4(value)) }?.name
        case .v6:
            if let embedded = embeddedIPv4(address) {
                return blockReason(.v4(embedded.address)).map { "\(embedded.form) of \($0)" }
            }
            if let range = ipv6Blocked.first(where: { $0.network.contains(address) }) { return range.name }
            return globalUnicast.contains(address) ? nil : "not global unicast IPv6"
        }
    }

    /// The IPv4 address inside an IPv6 one, for the forms that route to it.
    static func embeddedIPv4(_ address: IPAddress) -> (form: String, address: UInt32)? {
        for (network, form) in embeddingForms where network.contains(address) {
            return (form, network == sixToFour ? address.sixToFourIPv4! : address.lowIPv4!)
        }
        return nil
    }

    struct Range {
        let network: IPNetwork
        let name: String

        init(_ cidr: String, _ name: String) {
            network = IPNetwork(cidr)!
            self.name = name
        }
    }

    static let ipv4Blocked: [Range] = [
        Range("0.0.0.0/8", "\"this network\" (0.0.0.0/8)"),
        Range("10.0.0.0/8", "private network"),
        Range("100.64.0.0/10", "carrier-grade NAT"),
        Range("127.0.0.0/8", "loopback"),
        Range("169.254.0.0/16", "link-local (cloud metadata)"),
        Range("172.16.0.0/12", "private network"),
        Range("192.0.0.0/24", "IETF protocol assignments"),
        Range("192.0.2.0/24", "documentation"),
        Range("192.88.99.0/24", "6to4 relay anycast"),
        Range("192.168.0.0/16", "private network"),
        Range("198.18.0.0/15", "benchmarking"),
        Range("198.51.100.0/24", "documentation"),
        Range("203.0.113.0/24", "documentation"),
        Range("224.0.0.0/4", "multicast"),
        Range("240.0.0.0/4", "reserved"),
    ]

    static let sixToFour = IPNetwork("2002::/16")!

    static let embeddingForms: [(IPNetwork, String)] = [
        (IPNetwork("::ffff:0:0/96")!, "IPv4-mapped form"),
        (IPNetwork("::ffff:0:0:0/96")!, "IPv4-translated form"),
        (IPNetwork("64:ff9b::/96")!, "NAT64 form"),
        (sixToFour, "6to4 form"),
    ]

    static let ipv6Blocked: [Range] = [
        Range("::/128", "unspecified address"),
        Range("::1/128", "loopback"),
        Range("::/96", "IPv4-compatible (deprecated) form"),
        Range("64:ff9b:1::/48", "local-use NAT64"),
        Range("100::/64", "discard prefix"),
        Range("2001::/32", "Teredo"),
        Range("2001::/23", "IETF protocol assignments"),
        Range("2001:db8::/32", "documentation"),
        Range("3fff::/20", "documentation"),
        Range("fc00::/7", "unique local"),
        Range("fe80::/10", "link-local"),
        Range("fec0::/10", "site-local"),
        Range("ff00::/8", "multicast"),
    ]

    static let globalUnicast = IPNetwork("2000::/3")!
}
