import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import App
@testable import WebClient

/// How the web client is served: its own addresses answer index.html with a strict CSP and no-cache, its modules
/// live under a versioned path cached for a year, stored Brotli/gzip copies are chosen by Accept-Encoding, and
/// validators answer 304.
@Suite struct WebClientRouteTests {
    @Test func clientAddressesAnswerTheAppWithAStrictPolicy() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            for path in [
                "/", "/login", "/login/create", "/server/01ARZ3NDEKTSV4RRFFQ69G5FAV/channel/01ARZ3NDEKTSV4RRFFQ69G5FAV",
                "/channel/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/invite/abcd1234", "/settings",
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.cacheControl] == "no-cache")
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    #expect(policy.contains("script-src 'self'"))
                    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
                    #expect(String(buffer: response.body).contains(#"<meta name="discordination""#))
                }
            }
            // The API's own routes are not shadowed by the client's.
            try await client.execute(uri: "/api/", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func modulesAreVersionedCompressedAndRevalidated() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let index = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            let match = index.firstMatch(of: /\/assets\/[A-Za-z0-9_-]+/)
            let assets = String(try #require(match).output)
            let main = "\(assets)/main.js"

            let plain = try await client.execute(uri: main, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.contentEncoding] == nil)
                return (etag: response.headers[.eTag], body: String(buffer: response.body))
            }
            #expect(plain.body.contains("import"))
            for (accepts, expected) in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip")] {
                try await client.execute(
                    uri: "\(assets)/vendor/marked.js", method: .get, headers: [.acceptEncoding: accepts]
                ) {
                    response in
                    #expect(response.headers[.contentEncoding] == expected, "\(accepts)")
                    #expect(response.headers[.vary] == "Accept-Encoding")
                }
            }
            let etag = try #require(plain.etag)
            try await client.execute(uri: main, method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            // An older page's version still gets today's file, but only revalidated.
            try await client.execute(uri: "/assets/older/main.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "\(assets)/no-such-module.js", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "\(assets)/package.json", method: .get) { response in
                #expect(response.status == .notFound, "the node test helper is not served")
            }
            try await client.execute(uri: "/sw.js", method: .get) { response in
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(String(buffer: response.body).contains(assets + "/main.js"), "the worker keeps this version")
                #expect(!String(buffer: response.body).contains("LICENSES.md"))
            }
            try await client.execute(uri: "/manifest.webmanifest", method: .get) { response in
                let manifest = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(manifest?["display"] as? String == "standalone")
                #expect(manifest?["name"] as? String == "Discordination")
            }
        }
    }

    @Test func acceptEncodingIsReadWithQualities() {
        #expect(AcceptedEncodings("gzip, br").allows("br"))
        #expect(!AcceptedEncodings("gzip;q=1, br;q=0").allows("br"))
        #expect(AcceptedEncodings("*").allows("gzip"))
        #expect(!AcceptedEncodings("*, gzip;q=0").allows("gzip"))
        #expect(!AcceptedEncodings("").allows("gzip"))
    }
}
