import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a host name into addresses. The fetcher asks once per hop and connects only to what it checked, so a
/// resolver answering differently the second time (DNS rebinding) never gets a second chance; tests replace it to
/// give chosen answers without touching DNS.
public protocol HostResolver: Sendable {
    func addresses(of name: String) async throws -> [IPAddress]
}

/// The system's resolver (`getaddrinfo`, so `/etc/hosts` and nsswitch apply), run on NIO's thread pool because it
/// blocks.
public struct SystemResolver: HostResolver {
    public init() {}

    public func addresses(of name: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(name, nil, &hints, &list)
            guard status == 0 else {
                throw SafeFetchError.failed("cannot resolve the host (\(String(cString: gai_strerror(status))))")
            }
            defer { freeaddrinfo(list) }
            var addresses: [IPAddress] = []
            var entry = list
            while let current = entry {
                if let address = Self.address(current.pointee), !addresses.contains(address) {
                    addresses.append(address)
                }
                entry = current.pointee.ai_next
            }
            return addresses
        }
    }

    private static func address(_ info: addrinfo) -> IPAddress? {
        guard let socketAddress = info.ai_addr else { return nil }
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                .v4(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                .v6(withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) })
            }
        default:
            return nil
        }
    }
}
