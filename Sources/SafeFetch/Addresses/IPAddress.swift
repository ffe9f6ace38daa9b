#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as numbers, so every check compares bits and never a spelling.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// Sixteen bytes in network order.
    case v6([UInt8])

    /// Parses the canonical dotted-quad or RFC 4291 text forms (`inet_pton`), nothing looser: legacy IPv4 spellings
    /// are `HostSpelling`'s job.
    public init?(_ text: String) {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: storage) { Array($0) })
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: storage.s_addr))
        }
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
        case .v6(let bytes):
            var storage = in6_addr()
            withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            _ = inet_ntop(AF_INET6, &storage, &text, socklen_t(text.count))
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The IPv4 address in bytes 12–15 of an IPv6 one (mapped, NAT64 and translated forms put it there).
    var lowIPv4: UInt32? {
        guard case .v6(let bytes) = self else { return nil }
        return bytes[12...15].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The IPv4 address of a 6to4 prefix (`2002:AABB:CCDD::/48`).
    var sixToFourIPv4: UInt32? {
        guard case .v6(let bytes) = self else { return nil }
        return bytes[2...5].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
