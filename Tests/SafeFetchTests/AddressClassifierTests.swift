import Testing

@testable import SafeFetch

/// Every range of REFERENCE.md's blocklist, checked at the classification function (no socket involved).
@Suite struct AddressClassifierTests {
    static let blocked = [
        "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1",
        "127.255.255.255", "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.1",
        "192.0.2.1", "192.88.99.1", "192.168.0.1", "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7",
        "203.0.113.9", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255",
        "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0:10.1.2.3",
        "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "100::1", "2001::1", "2001:0:4136:e378::1",
        "2001:db8::1", "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "fc00::1", "fd12:3456::1", "fe80::1",
        "febf::1", "fec0::1", "ff02::1", "::127.0.0.1", "::10.0.0.1", "3fff::1", "1::1", "4000::1",
    ]

    static let allowed = [
        "1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
        "192.167.255.255", "198.17.255.255", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ]

    @Test(arguments: blocked)
    func refusesSpecialAddresses(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressClassifier.blockReason(address) != nil, "\(text) must be refused")
    }

    @Test(arguments: allowed)
    func letsPublicAddressesThrough(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressClassifier.blockReason(address) == nil, "\(text) is public")
    }

    @Test func embeddedFormsNameTheirIPv4Rule() throws {
        func reason(_ text: String) -> String { IPAddress(text).flatMap(AddressClassifier.blockReason) ?? "" }
        #expect(reason("::ffff:169.254.169.254").contains("IPv4-mapped"))
        #expect(reason("::ffff:169.254.169.254").contains("link-local"))
        #expect(reason("64:ff9b::a00:1").contains("NAT64") && reason("64:ff9b::a00:1").contains("private"))
        #expect(reason("2002:7f00:1::").contains("6to4") && reason("2002:7f00:1::").contains("loopback"))
        #expect(reason("2001:0:4136:e378::1").contains("Teredo"))
    }

    @Test func networksMatchByPrefix() throws {
        let network = try #require(IPNetwork("10.1.0.0/16"))
        #expect(network.contains(try #require(IPAddress("10.1.200.3"))))
        #expect(!network.contains(try #require(IPAddress("10.2.0.1"))))
        #expect(!network.contains(try #require(IPAddress("::ffff:10.1.0.1"))))
        let v6 = try #require(IPNetwork("fd00::/8"))
        #expect(v6.contains(try #require(IPAddress("fd12::1"))))
        #expect(IPNetwork("10.0.0.0/33") == nil)
    }
}
