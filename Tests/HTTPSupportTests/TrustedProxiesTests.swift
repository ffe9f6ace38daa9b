import HTTPTypes
import Testing

@testable import HTTPSupport

/// The client address as a trusted proxy forwards it, and never as an untrusted peer claims it.
@Suite struct TrustedProxiesTests {
    let proxies = try! TrustedProxies(parsing: ["10.0.0.0/8", "::1", "127.0.0.1"])

    func headers(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return fields
    }

    @Test func anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        let spoofed = headers([("X-Forwarded-For", "1.2.3.4"), ("Forwarded", "for=5.6.7.8")])
        #expect(proxies.clientAddress(peer: "203.0.113.9", headers: spoofed) == "203.0.113.9")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", headers: spoofed) == "127.0.0.1")
    }

    @Test func theFirstUntrustedHopFromTheRightIsTheClient() {
        // The client put a fake address first; the proxies appended what they saw.
        let chain = headers([("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.1.2.3")])
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: chain) == "198.51.100.7")
        let split = headers([("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "198.51.100.8")])
        #expect(proxies.clientAddress(peer: "10.0.0.1", headers: split) == "198.51.100.8")
    }

    @Test func forwardedIsReadBeforeXForwardedFor() {
        let both = headers([
            ("Forwarded", #"for="[2001:db8:cafe::17]:4711";proto=https, for=10.9.9.9"#),
            ("X-Forwarded-For", "192.0.2.200"),
        ])
        #expect(proxies.clientAddress(peer: "::1", headers: both) == "2001:db8:cafe::17")
        let withPort = headers([("Forwarded", "for=192.0.2.60:8080;by=10.0.0.1")])
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: withPort) == "192.0.2.60")
    }

    @Test func anEntryThatIsNoAddressStopsAtTheLastTrustedProxy() {
        let hidden = headers([("Forwarded", "for=unknown, for=10.0.0.7")])
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: hidden) == "10.0.0.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: HTTPFields()) == "127.0.0.1")
    }

    @Test func badEntriesAreNamed() {
        #expect(throws: TrustedProxies.InvalidEntry(entry: "10.0.0.0/40")) {
            try TrustedProxies(parsing: ["127.0.0.1", "10.0.0.0/40"])
        }
        #expect(throws: TrustedProxies.InvalidEntry(entry: "proxy.example")) {
            try TrustedProxies(parsing: ["proxy.example"])
        }
    }
}
