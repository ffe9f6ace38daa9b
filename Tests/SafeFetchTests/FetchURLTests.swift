import Testing

@testable import SafeFetch

/// Host spellings and URL tricks are normalised (or refused) before any check.
@Suite struct FetchURLTests {
    @Test(arguments: [
        ("http://2130706433/", "127.0.0.1"), ("http://0177.0.0.1/", "127.0.0.1"), ("http://0x7f.1/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"), ("http://0x7f000001/", "127.0.0.1"), ("http://0/", "0.0.0.0"),
        ("http://017700000001/", "127.0.0.1"), ("http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1]"),
        ("http://[0:0:0:0:0:ffff:7f00:1]/", "[::ffff:127.0.0.1]"), ("http://[::1]:8080/", "[::1]"),
        ("http://EXAMPLE.com./", "example.com"), ("https://bücher.de/", "xn--bcher-kva.de"),
        ("http://%31%32%37.0.0.1/", "127.0.0.1"), ("HTTP://Example.COM", "example.com"),
        ("http:\\\\example.com\\a", "example.com"),
    ])
    func normalisesHostSpellings(_ url: String, _ host: String) throws {
        #expect(try FetchURL(parsing: url).host.description == host)
    }

    @Test(arguments: [
        "http://good.com@evil.example/", "http://user:pass@example.com/", "ftp://example.com/", "file:///etc/passwd",
        "gopher://example.com/", "javascript:alert(1)", "http://256.1.1.1/", "http://1.2.3.4.5/",
        "http://[fe80::1%25eth0]/", "http://example.com:0/", "http://example.com:99999/", "http://exa<mple.com/",
        "http://exa mple.com/", "http://[::1/", "//example.com/", "data:text/html,hi",
    ])
    func refusesWhatCannotBeChecked(_ url: String) {
        #expect(throws: SafeFetchError.self) { try FetchURL(parsing: url) }
    }

    @Test func keepsPathQueryAndPortButNotFragment() throws {
        let url = try FetchURL(parsing: "https://example.com:8443/a b/ü?q=1&r=é#frag")
        #expect(url.port == 8443)
        #expect(url.target == "/a%20b/%C3%BC?q=1&r=%C3%A9")
        #expect(url.description == "https://example.com:8443/a%20b/%C3%BC?q=1&r=%C3%A9")
        #expect(try FetchURL(parsing: "http://example.com").target == "/")
        #expect(try FetchURL(parsing: "http://example.com:80/x").description == "http://example.com/x")
    }

    @Test func resolvesRedirectLocations() throws {
        let base = try FetchURL(parsing: "https://example.com/a/b?x=1")
        #expect(try base.resolving("/root").description == "https://example.com/root")
        #expect(try base.resolving("c").description == "https://example.com/a/c")
        #expect(try base.resolving("../up").description == "https://example.com/up")
        #expect(try base.resolving("//other.example/x").description == "https://other.example/x")
        #expect(try base.resolving("http://0x7f.1/").host == .address(.v4(0x7F00_0001)))
        #expect(throws: SafeFetchError.self) { try base.resolving("ftp://example.com/") }
    }

    @Test func hostRulesMatchNamesWildcardsAndNetworks() throws {
        let rules = try HostRules(parsing: "intranet.example, *.corp.example, 10.0.0.0/8, 192.168.1.5")
        #expect(rules.matches(.name("intranet.example")))
        #expect(rules.matches(.name("wiki.intranet.example")))
        #expect(rules.matches(.name("a.corp.example")))
        #expect(!rules.matches(.name("corp.example")))
        #expect(!rules.matches(.name("notintranet.example")))
        #expect(rules.matches(.address(.v4(0x0A01_0203))))
        #expect(rules.matches(try #require(IPAddress("192.168.1.5"))))
        #expect(throws: SafeFetchError.self) { try HostRules(parsing: "not a host!") }
    }
}
