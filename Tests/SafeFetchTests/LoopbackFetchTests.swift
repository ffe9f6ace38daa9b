import Foundation
import NIOCore
import TestSupport
import Testing

@testable import SafeFetch

/// Real sockets, loopback only: the origin listens on 127.0.0.1, and only loopback spellings are tried. Without
/// an allow-list every one is refused; with `127.0.0.1/32` allowed the fixture origin is reachable, and every limit
/// is exercised against an origin that misbehaves on purpose.
@Suite struct LoopbackFetchTests {
    func fetcher(
        _ origin: FixtureOrigin, allow: String = "127.0.0.1/32", timeout: Duration = .seconds(15)
    )
        throws -> SafeFetcher
    {
        var settings = SafeFetchSettings(allowedPorts: [80, 443, origin.port], totalTimeout: timeout)
        settings.allow = try HostRules(parsing: allow)
        return SafeFetcher(settings: settings, connector: try NIOFetchConnector())
    }

    static let page = FetchLimits(maxBodyBytes: 64 * 1024, contentTypes: ["text/html"])

    @Test func loopbackSpellingsAreRefusedWithoutTheAllowList() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/", contentType: "text/html", body: Array("<title>inside</title>".utf8))
            let port = origin.port
            let closed = try fetcher(origin, allow: "")
            for host in [
                "127.0.0.1", "127.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "[::1]", "0.0.0.0",
                "localhost", "[::ffff:7f00:1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "127.0.0.1.",
            ] {
                await #expect(throws: SafeFetchError.self, "\(host)") {
                    try await closed.fetchBytes("http://\(host):\(port)/", limits: Self.page)
                }
            }
            #expect(origin.requests.isEmpty)
            // The same URL, with the origin on the allow-list.
            let (_, body) = try await fetcher(origin).fetchBytes(origin.url("/"), limits: Self.page)
            #expect(String(decoding: body, as: UTF8.self) == "<title>inside</title>")
            #expect(origin.requests.count == 1)
            #expect(origin.requests.first?.headers["user-agent"] == "Discordination/1.0")
            #expect(origin.requests.first?.headers["host"] == "127.0.0.1:\(port)")
        }
    }

    @Test func redirectChainsAreCheckedHopByHop() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/end", contentType: "text/html", body: Array("done".utf8))
            origin.redirect("/relative", status: 301, to: "end")
            origin.redirect("/absolute", status: 308, to: origin.url("/relative"))
            origin.redirect("/inside", status: 307, to: "http://10.0.0.1/")
            origin.redirect("/metadata", status: 303, to: "http://169.254.169.254/latest/meta-data/")
            origin.redirect("/named", status: 302, to: "http://localhost:\(origin.port)/end")
            origin.redirect("/loop", to: "/loop")
            let fetcher = try fetcher(origin)
            let (response, body) = try await fetcher.fetchBytes(origin.url("/absolute"), limits: Self.page)
            #expect(String(decoding: body, as: UTF8.self) == "done")
            #expect(response.url.description == origin.url("/end"))
            for path in ["/inside", "/metadata", "/named"] {
                await #expect(throws: SafeFetchError.self, "\(path)") {
                    try await fetcher.fetchBytes(origin.url(path), limits: Self.page)
                }
            }
            await #expect(throws: SafeFetchError.tooManyRedirects(5)) {
                try await fetcher.fetchBytes(origin.url("/loop"), limits: Self.page)
            }
            #expect(origin.hits("/loop") == 6)
        }
    }

    @Test func endlessBodiesStopAtTheLimit() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 16 * 1024)
            origin.route(
                "/forever",
                [.send(FixtureOrigin.head(status: 200, headers: ["Content-Type: text/html"])), .repeatForever(chunk)])
            let fetcher = try fetcher(origin)
            await #expect(throws: SafeFetchError.tooLarge(limit: 64 * 1024)) {
                try await fetcher.fetchBytes(origin.url("/forever"), limits: Self.page)
            }
            var truncating = Self.page
            truncating.overflow = .truncate
            let (_, body) = try await fetcher.fetchBytes(origin.url("/forever"), limits: truncating)
            #expect(body.count == 64 * 1024)
        }
    }

    @Test func gzipBombsAreCountedAfterDecompression() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let bomb = try await gzip([UInt8](repeating: 0x20, count: 64 * 1024 * 1024))
            #expect(bomb.count < 200 * 1024)
            origin.serve("/bomb", contentType: "text/html", body: bomb, headers: ["Content-Encoding: gzip"])
            let small = try await gzip(Array("<title>zipped</title>".utf8))
            origin.serve("/zipped", contentType: "text/html", body: small, headers: ["Content-Encoding: gzip"])
            let fetcher = try fetcher(origin)
            await #expect(throws: SafeFetchError.tooLarge(limit: 64 * 1024)) {
                try await fetcher.fetchBytes(origin.url("/bomb"), limits: Self.page)
            }
            let (_, body) = try await fetcher.fetchBytes(origin.url("/zipped"), limits: Self.page)
            #expect(String(decoding: body, as: UTF8.self) == "<title>zipped</title>")
        }
    }

    @Test func slowLorisOriginsHitTheTotalTimeout() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let head = FixtureOrigin.head(status: 200, headers: ["Content-Type: text/html", "Content-Length: 10"])
            // One byte every 300 ms: the head alone would take over 20 s; the 1 s limit cuts it. The bound leaves room for
            // a busy machine delaying the cut, and still fails if the head were read to its end.
            origin.route(
                "/slow", head.map { [FixtureOrigin.Step.send([$0]), .pause(.milliseconds(300))] }.flatMap { $0 })
            let started = ContinuousClock.now
            await #expect(throws: SafeFetchError.timedOut) {
                try await fetcher(origin, timeout: .seconds(1)).fetchBytes(origin.url("/slow"), limits: Self.page)
            }
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }

    @Test func contentLengthLiesInBothDirections() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let fetcher = try fetcher(origin, timeout: .seconds(10))
            // Claims more than it sends, then closes: a truncated answer, not a short success.
            origin.route(
                "/short",
                [
                    .send(
                        FixtureOrigin.head(status: 200, headers: ["Content-Type: text/html", "Content-Length: 100"])
                            + Array("only ten!!".utf8))
                ])
            await #expect(throws: SafeFetchError.self) {
                try await fetcher.fetchBytes(origin.url("/short"), limits: Self.page)
            }
            // Claims less than it sends: the claim ends the body.
            origin.route(
                "/long",
                [
                    .send(
                        FixtureOrigin.head(status: 200, headers: ["Content-Type: text/html", "Content-Length: 4"])
                            + Array("abcdEXTRA-BYTES".utf8))
                ])
            let (_, body) = try await fetcher.fetchBytes(origin.url("/long"), limits: Self.page)
            #expect(body == Array("abcd".utf8))
            // Claims more than the limit: refused before reading.
            origin.route(
                "/huge",
                [
                    .send(
                        FixtureOrigin.head(
                            status: 200, headers: ["Content-Type: text/html", "Content-Length: 999999999"]))
                ])
            await #expect(throws: SafeFetchError.tooLarge(limit: 64 * 1024)) {
                try await fetcher.fetchBytes(origin.url("/huge"), limits: Self.page)
            }
            // Claims less than the limit but streams past it without a length: counted on the stream.
            origin.route(
                "/unbounded",
                [
                    .send(
                        FixtureOrigin.head(status: 200, headers: ["Content-Type: text/html"])
                            + [UInt8](repeating: 0x61, count: 200 * 1024))
                ])
            await #expect(throws: SafeFetchError.tooLarge(limit: 64 * 1024)) {
                try await fetcher.fetchBytes(origin.url("/unbounded"), limits: Self.page)
            }
        }
    }

    @Test func oversizedHeadersAreRefused() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let filler = String(repeating: "x", count: 100 * 1024)
            origin.route(
                "/headers",
                [
                    .send(
                        FixtureOrigin.head(
                            status: 200,
                            headers: ["Content-Type: text/html", "X-Filler: \(filler)", "Content-Length: 0"]))
                ])
            await #expect(throws: SafeFetchError.self) {
                try await fetcher(origin).fetchBytes(origin.url("/headers"), limits: Self.page)
            }
        }
    }

    func gzip(_ bytes: [UInt8]) async throws -> [UInt8] {
        let directory = TestEndpoints.temporaryDirectory("gzip")
        let input = directory + "/data"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let run = try await ToolRun.run("/bin/gzip", ["-9", "-f", input])
        try #require(run.status == 0, "\(run.errorText)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: input + ".gz")))
    }
}
