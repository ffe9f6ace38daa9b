import Foundation
import HTTPTypes
import HummingbirdTesting
import LinkProxy
import NIOCore
import TestSupport
import Testing

@testable import App

/// The January routes through the real application: its worker runs the fetch jobs against real Redis, a disk
/// blob store, and a fixture origin on loopback that only the test's allow-list makes reachable.
@Suite struct LinkProxyRouteTests {
    static func configuration(_ origin: FixtureOrigin, _ overrides: [String: String] = [:]) throws -> AppConfiguration {
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": "lp-\(UUID().uuidString.prefix(8).lowercased())",
            "redis.key_prefix": "lp-\(UUID().uuidString.prefix(8).lowercased())",
            "storage.data_dir": TestEndpoints.temporaryDirectory("linkproxy"),
            "http.port": "0",
            "log.level": "warning",
            "proxy.allow": "127.0.0.1/32",
            "proxy.ports": "80,443,\(origin.port)",
            "proxy.timeout": "15s",
            "proxy.wait": "30s",
        ]
        values.merge(overrides) { _, new in new }
        return try AppConfiguration.testing(values)
    }

    static func query(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
    }

    struct ErrorAnswer: Decodable {
        var type: String
        var reason: String?
    }

    static let article = Array(
        """
        <html><head><title>Fallback</title>
        <meta property="og:title" content="Fixture article"><meta property="og:image" content="/pic.png">
        <meta name="description" content="Served from loopback."></head></html>
        """.utf8)

    @Test func embedsAreFetchedOnceAndCached() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/article", contentType: "text/html; charset=utf-8", body: Self.article)
            let picture = try await MediaTools.vips("embed-pic.png", ["black", "OUT", "300", "200"])
            origin.serve("/pic.png", contentType: "image/png", body: picture)
            try await buildApplication(try Self.configuration(origin)).test(.router) { client in
                let url = origin.url("/article")
                // A busy channel: twenty viewers at once make one fetch.
                let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            let response = try await client.execute(
                                uri: "/january/embed?url=\(Self.query(url))", method: .get)
                            return (response.status, String(buffer: response.body))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.0 == .ok })
                #expect(Set(answers.map(\.1)).count == 1)
                #expect(origin.hits("/article") == 1)
                let embed = try JSONDecoder().decode(Embed.self, from: Data(answers[0].1.utf8))
                guard case .website(let website) = embed else {
                    Issue.record("expected a website embed, got \(embed)")
                    return
                }
                #expect(website.title == "Fixture article")
                #expect(website.description == "Served from loopback.")
                #expect(
                    website.image == EmbedImage(url: origin.url("/pic.png"), width: 300, height: 200, size: .preview))
                // Later viewers are answered from Redis.
                let again = try await client.execute(uri: "/january/embed?url=\(Self.query(url))", method: .get)
                #expect(String(buffer: again.body) == answers[0].1)
                #expect(origin.hits("/article") == 1)
            }
        }
    }

    @Test func directLinksAndFailuresGetTheirShapes() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            let picture = try await MediaTools.vips("direct.jpg", ["black", "OUT", "640", "480"])
            origin.serve("/direct.jpg", contentType: "image/jpeg", body: picture)
            origin.serve("/empty", contentType: "text/html", body: Array("<html><body>nothing</body></html>".utf8))
            origin.serve("/gone", status: 404, contentType: "text/html", body: Array("<title>404</title>".utf8))
            try await buildApplication(try Self.configuration(origin)).test(.router) { client in
                let direct = try await client.execute(
                    uri: "/january/embed?url=\(Self.query(origin.url("/direct.jpg")))", method: .get)
                #expect(
                    try JSONDecoder().decode(Embed.self, from: direct.body)
                        == .image(EmbedImage(url: origin.url("/direct.jpg"), width: 640, height: 480, size: .large)))
                for path in ["/empty", "/gone"] {
                    let response = try await client.execute(
                        uri: "/january/embed?url=\(Self.query(origin.url(path)))", method: .get)
                    #expect(response.status == .badRequest)
                    #expect(try JSONDecoder().decode(ErrorAnswer.self, from: response.body).type == "NoEmbedData")
                }
                // The failure is remembered for the negative TTL: no second fetch.
                _ = try await client.execute(uri: "/january/embed?url=\(Self.query(origin.url("/gone")))", method: .get)
                #expect(origin.hits("/gone") == 1)
                let blocked = try await client.execute(
                    uri: "/january/embed?url=\(Self.query("http://10.0.0.1/admin"))", method: .get)
                #expect(blocked.status == .badRequest)
                let answer = try JSONDecoder().decode(ErrorAnswer.self, from: blocked.body)
                #expect(answer.type == "InvalidOperation")
                #expect(answer.reason?.contains("10.0.0.1") == false)
                let missing = try await client.execute(uri: "/january/embed", method: .get)
                #expect(missing.status == .badRequest)
            }
        }
    }

    @Test func theOriginIsUnreachableWithoutTheAllowList() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/article", contentType: "text/html", body: Self.article)
            let configuration = try Self.configuration(origin, ["proxy.allow": ""])
            try await buildApplication(configuration).test(.router) { client in
                let response = try await client.execute(
                    uri: "/january/embed?url=\(Self.query(origin.url("/article")))", method: .get)
                #expect(response.status == .badRequest)
                #expect(try JSONDecoder().decode(ErrorAnswer.self, from: response.body).type == "InvalidOperation")
                #expect(origin.requests.isEmpty)
            }
        }
    }

    @Test func proxiedImagesAreReencodedAndServedSafely() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve(
                "/big.jpg", contentType: "image/jpeg",
                body: try await MediaTools.vips("big.jpg", ["black", "OUT", "2000", "1000"]))
            let gif = try await MediaTools.ffmpeg(
                "anim.gif", ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1"])
            origin.serve("/anim.gif", contentType: "image/gif", body: gif)
            origin.serve("/icon.ico", contentType: "image/x-icon", body: Self.icon)
            origin.serve(
                "/vector.svg", contentType: "image/svg+xml",
                body: Array("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".utf8))
            origin.serve("/page.html", contentType: "text/html", body: Self.article)
            try await buildApplication(try Self.configuration(origin)).test(.router) { client in
                let big = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/big.jpg")))", method: .get)
                #expect(big.status == .ok)
                #expect(big.headers[.contentType] == "image/webp")
                #expect(big.headers[.cacheControl] == "public, max-age=600, immutable")
                #expect(big.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(big.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let bigBytes = Array(big.body.readableBytesView)
                #expect(try await MediaTools.vipsHeader(bigBytes, ext: "webp", field: "width") == "1280")
                #expect(try await MediaTools.vipsHeader(bigBytes, ext: "webp", field: "height") == "640")

                let anim = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/anim.gif")))", method: .get)
                #expect(anim.headers[.contentType] == "image/webp")
                #expect(MediaTools.count(Array(anim.body.readableBytesView), "ANMF") == 5)

                let icon = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/icon.ico")))", method: .get)
                #expect(icon.status == .ok)
                #expect(icon.headers[.contentType] == "image/webp")

                for path in ["/vector.svg", "/page.html"] {
                    let refused = try await client.execute(
                        uri: "/january/proxy?url=\(Self.query(origin.url(path)))", method: .get)
                    #expect(refused.status == .unsupportedMediaType, "\(path)")
                    #expect(
                        try JSONDecoder().decode(ErrorAnswer.self, from: refused.body).type == "UnsupportedContentType")
                }
                // Served again from the blob store, not fetched again.
                _ = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/big.jpg")))", method: .get)
                #expect(origin.hits("/big.jpg") == 1)
            }
        }
    }

    @Test func signedProxyURLsAreRequiredWhenKeysAreSet() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            origin.serve("/article", contentType: "text/html", body: Self.article)
            origin.serve(
                "/pic.png", contentType: "image/png",
                body: try await MediaTools.vips("signed.png", ["black", "OUT", "40", "30"]))
            let keys = "new:new-secret-0123456789abcdef,old:old-secret-0123456789abcdef"
            try await buildApplication(try Self.configuration(origin, ["proxy.signing_keys": keys])).test(.router) {
                client in
                let unsigned = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/pic.png")))", method: .get)
                #expect(unsigned.status == .badRequest)
                let embedAnswer = try await client.execute(
                    uri: "/january/embed?url=\(Self.query(origin.url("/article")))", method: .get)
                guard case .website(let website) = try JSONDecoder().decode(Embed.self, from: embedAnswer.body),
                    let link = website.image?.url
                else {
                    Issue.record("expected a website embed with an image")
                    return
                }
                #expect(link.hasPrefix("/january/proxy?url="))
                #expect(link.contains("&sig=new."))
                let signed = try await client.execute(uri: link, method: .get)
                #expect(signed.status == .ok)
                #expect(signed.headers[.contentType] == "image/webp")
                let old = ProxySigner(keys: ProxySigner.Key.parseList("old:old-secret-0123456789abcdef")!)
                let oldSignature = old.sign(origin.url("/pic.png"))!
                let rotated = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/pic.png")))&sig=\(oldSignature)", method: .get)
                #expect(rotated.status == .ok)
            }
        }
    }

    @Test func hugeHeadsAndFilesAreBounded() async throws {
        let origin = try await FixtureOrigin()
        try await withTeardown {
            await origin.stop()
        } body: {
            // A 10 MB <head>: the embed is made from the first 5 MiB, the rest is never read.
            let filler = String(
                repeating: "<meta name=\"filler\" content=\"0123456789012345678901234567890123\">\n", count: 160_000)
            let head = Array(
                "<html><head><meta property=\"og:title\" content=\"Early title\">\(filler)</head></html>".utf8)
            #expect(head.count > 10_000_000)
            origin.serve("/hugehead", contentType: "text/html", body: head)
            let picture = try await MediaTools.vips("toolarge.png", ["black", "OUT", "400", "400"])
            origin.serve("/large.png", contentType: "image/png", body: picture + [UInt8](repeating: 0, count: 20_000))
            let configuration = try Self.configuration(origin, ["proxy.max_media_bytes": "10000"])
            try await buildApplication(configuration).test(.router) { client in
                let embed = try await client.execute(
                    uri: "/january/embed?url=\(Self.query(origin.url("/hugehead")))", method: .get)
                #expect(embed.status == .ok)
                guard case .website(let website) = try JSONDecoder().decode(Embed.self, from: embed.body) else {
                    Issue.record("expected a website embed")
                    return
                }
                #expect(website.title == "Early title")
                let large = try await client.execute(
                    uri: "/january/proxy?url=\(Self.query(origin.url("/large.png")))", method: .get)
                #expect(large.status == .contentTooLarge)
                #expect(try JSONDecoder().decode(ErrorAnswer.self, from: large.body).type == "ContentTooLarge")
            }
        }
    }

    /// A 2 × 2 32-bit ICO.
    static let icon: [UInt8] = {
        func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        let header = le32(40) + le32(2) + le32(4) + le16(1) + le16(32) + [UInt8](repeating: 0, count: 24)
        let image = header + [UInt8](repeating: 0xC0, count: 16) + [UInt8](repeating: 0, count: 8)
        return [0, 0, 1, 0, 1, 0, 2, 2, 0, 0] + le16(1) + le16(32) + le32(UInt32(image.count)) + le32(22) + image
    }()
}
