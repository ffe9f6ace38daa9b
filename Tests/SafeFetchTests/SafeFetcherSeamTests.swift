import NIOHTTP1
import Testing

@testable import SafeFetch

/// The checks between lookup and connect, through the resolver seam with a connector that records instead of
/// connecting: no test here opens a socket, so a wrong answer cannot reach a non-loopback address.
@Suite struct SafeFetcherSeamTests {
    let page = FetchLimits(maxBodyBytes: 1024, contentTypes: ["text/html"])

    func fetcher(
        _ resolver: ScriptedResolver, _ connector: RecordingConnector, _ settings: SafeFetchSettings = .init()
    )
        -> SafeFetcher
    {
        SafeFetcher(settings: settings, resolver: resolver, connector: connector)
    }

    @Test func connectsToTheAddressItCheckedWithTheRightHost() async throws {
        let resolver = ScriptedResolver(["example.com": [["93.184.216.34"]]])
        let connector = RecordingConnector([.ok])
        let (response, body) = try await fetcher(resolver, connector).fetchBytes("https://example.com/x", limits: page)
        #expect(String(decoding: body, as: UTF8.self) == "recorded")
        #expect(response.url.description == "https://example.com/x")
        #expect(connector.targets.map(\.address) == [IPAddress("93.184.216.34")!])
        #expect(connector.targets.first?.host == .name("example.com"))
        #expect(connector.targets.first?.tls == true)
        #expect(resolver.lookups == ["example.com"])
    }

    @Test func dnsRebindingBetweenHopsIsCaught() async throws {
        // First lookup: a public address. The redirect asks for the same name again; now it points inside.
        let resolver = ScriptedResolver(["rebind.example": [["93.184.216.34"], ["10.0.0.1"]]])
        let connector = RecordingConnector([.redirect(to: "/again")])
        await #expect(throws: SafeFetchError.blocked("the host resolves to a private network address")) {
            try await fetcher(resolver, connector).fetchBytes("http://rebind.example/", limits: page)
        }
        #expect(connector.targets.map(\.address) == [IPAddress("93.184.216.34")!])
        #expect(resolver.lookups == ["rebind.example", "rebind.example"])
    }

    @Test func everyResolvedAddressMustPass() async throws {
        let resolver = ScriptedResolver(["mixed.example": [["93.184.216.34", "169.254.169.254"]]])
        let connector = RecordingConnector([.ok])
        let error = await #expect(throws: SafeFetchError.self) {
            try await fetcher(resolver, connector).fetchBytes("http://mixed.example/", limits: page)
        }
        #expect(connector.targets.isEmpty)
        #expect(error?.description.contains("169.254") == false, "the reason must not leak the address")
    }

    @Test(arguments: [
        "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/", "http://0x0a000001/",
        "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:1::]/", "http://100.64.0.1/",
        "http://[2001:0:4136:e378::1]/", "http://localhost/", "http://intranet/", "http://foo.localhost/",
        "http://example.com:8080/", "http://user@example.com/",
    ])
    func refusedBeforeAnyConnection(_ url: String) async throws {
        let resolver = ScriptedResolver(["example.com": [["93.184.216.34"]], "localhost": [["127.0.0.1"]]])
        let connector = RecordingConnector([.ok])
        await #expect(throws: SafeFetchError.self) {
            try await fetcher(resolver, connector).fetchBytes(url, limits: page)
        }
        #expect(connector.targets.isEmpty)
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func redirectsIntoPrivateSpaceAreRefused(_ status: Int) async throws {
        let resolver = ScriptedResolver(["example.com": [["93.184.216.34"]], "inside.example": [["192.168.1.1"]]])
        for location in ["http://10.1.2.3/", "http://inside.example/", "//0177.0.0.1/", "http://[::1]/"] {
            let connector = RecordingConnector([.redirect(status, to: location), .ok])
            await #expect(throws: SafeFetchError.self, "\(status) → \(location)") {
                try await fetcher(resolver, connector).fetchBytes("http://example.com/", limits: page)
            }
            #expect(connector.targets.count == 1)
        }
    }

    @Test func followsAtMostFiveRedirects() async throws {
        let resolver = ScriptedResolver(["example.com": [["93.184.216.34"]]])
        let five = RecordingConnector(Array(repeating: .redirect(to: "/next"), count: 5) + [.ok])
        _ = try await fetcher(resolver, five).fetchBytes("http://example.com/", limits: page)
        #expect(five.targets.count == 6)
        let six = RecordingConnector(Array(repeating: .redirect(to: "/next"), count: 6) + [.ok])
        await #expect(throws: SafeFetchError.tooManyRedirects(5)) {
            try await fetcher(resolver, six).fetchBytes("http://example.com/", limits: page)
        }
        #expect(six.targets.count == 6)
    }

    @Test func operatorListsAndOwnHostApply() async throws {
        let resolver = ScriptedResolver([
            "wiki.corp.example": [["10.20.0.5"]], "bad.example": [["93.184.216.34"]], "discord.example": [["1.2.3.4"]],
        ])
        var settings = SafeFetchSettings()
        settings.allow = try HostRules(parsing: "*.corp.example")
        settings.deny = try HostRules(parsing: "bad.example, 1.2.3.0/24")
        settings.ownHosts = [.name("discord.example")]
        let connector = RecordingConnector([.ok])
        let fetcher = fetcher(resolver, connector, settings)
        _ = try await fetcher.fetchBytes("http://wiki.corp.example/", limits: page)
        #expect(connector.targets.map(\.address) == [IPAddress("10.20.0.5")!])
        for url in ["http://bad.example/", "http://discord.example/", "http://1.2.3.9/"] {
            await #expect(throws: SafeFetchError.self, "\(url)") { try await fetcher.fetchBytes(url, limits: page) }
        }
        #expect(connector.targets.count == 1)
    }

    @Test func contentTypesAndStatusesAreChecked() async throws {
        let resolver = ScriptedResolver(["example.com": [["93.184.216.34"]]])
        let pdf = RecordingConnector([HopHead(status: 200, headers: HTTPHeaders([("Content-Type", "application/pdf")]))]
        )
        await #expect(throws: SafeFetchError.unsupportedContentType("application/pdf")) {
            try await fetcher(resolver, pdf).fetchBytes("http://example.com/", limits: page)
        }
        let missing = RecordingConnector([HopHead(status: 404, headers: HTTPHeaders())])
        await #expect(throws: SafeFetchError.httpStatus(404)) {
            try await fetcher(resolver, missing).fetchBytes("http://example.com/", limits: page)
        }
        let huge = RecordingConnector([
            HopHead(status: 200, headers: HTTPHeaders([("Content-Type", "text/html"), ("Content-Length", "999999")]))
        ])
        await #expect(throws: SafeFetchError.tooLarge(limit: 1024)) {
            try await fetcher(resolver, huge).fetchBytes("http://example.com/", limits: page)
        }
    }
}
