/// A URL's host after normalisation: an address literal, or a lower-case ASCII (IDNA) name with no trailing dot.
public enum FetchHost: Hashable, Sendable, CustomStringConvertible {
    case address(IPAddress)
    case name(String)

    public var description: String {
        switch self {
        case .address(.v6(let bytes)): "[\(IPAddress.v6(bytes))]"
        case .address(let address): "\(address)"
        case .name(let name): name
        }
    }

    /// The name as sent in `Host` and TLS SNI (no brackets for SNI; address literals get no SNI).
    public var serverName: String? {
        if case .name(let name) = self { return name }
        return nil
    }

    /// Normalises every spelling a browser or `inet_aton` would accept for the same host, so the checks see what
    /// the connection would reach: `[::ffff:127.0.0.1]`, `2130706433`, `0177.0.0.1`, `0x7f.1`, `EXAMPLE.com.`,
    /// `bücher.de` (to `xn--bcher-kva.de`). Returns nil for a host that is not a valid spelling of anything.
    public static func parse(_ raw: String) -> FetchHost? {
        if raw.hasPrefix("[") {
            guard raw.hasSuffix("]") else { return nil }
            let inner = String(raw.dropFirst().dropLast())
            // Zone identifiers (`fe80::1%eth0`) name an interface of this machine: never a target.
            guard !inner.contains("%"), let address = IPAddress(inner), case .v6 = address else { return nil }
            return .address(address)
        }
        var host = raw.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty, !host.hasSuffix("."), !host.contains("..") else { return nil }
        if let value = LegacyIPv4.parse(host) { return .address(.v4(value)) }
        if LegacyIPv4.looksNumeric(host) { return nil }
        guard let ascii = IDNA.toASCII(host) else { return nil }
        return .name(ascii)
    }
}
