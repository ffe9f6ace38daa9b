import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Behind a reverse proxy every connection comes from the proxy: anonymous uploads are counted per forwarded client
/// when the proxy is trusted, and per connection (the headers ignored) when it is not.
@Suite struct TrustedProxyRouteTests {
    func upload(_ client: some TestClientProtocol, from address: String) async throws -> HTTPResponse.Status {
        var fields = HTTPFields()
        fields[.contentType] = UploadSamples.formContentType
        fields[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.250, \(address)"
        let body = UploadSamples.form(UploadSamples.text("forwarded \(address)"), filename: "f.txt")
        return try await client.execute(uri: "/autumn/attachments", method: .post, headers: fields, body: body).status
    }

    @Test func anonymousUploadsBehindATrustedProxyAreCountedPerForwardedClient() async throws {
        let fixture = try await FileServerFixture.make(
            .disk,
            [
                "files.anonymous_uploads": "true", "files.rate_limit": "2", "files.rate_limit_window": "10m",
                "http.trusted_proxies": "127.0.0.0/8,::1",
            ]
        )
        try await buildApplication(fixture.configuration).test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            // A refused upload closes the connection, so it comes last.
            for address in ["198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.1"] {
                statuses.append(try await upload(client, from: address))
            }
            // Another client behind the same proxy has a window of its own; the third from one client is refused.
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
        }
    }

    @Test func forwardedHeadersFromAnUntrustedPeerAreIgnored() async throws {
        let fixture = try await FileServerFixture.make(
            .disk, ["files.anonymous_uploads": "true", "files.rate_limit": "2", "files.rate_limit_window": "10m"]
        )
        try await buildApplication(fixture.configuration).test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for address in ["198.51.100.3", "198.51.100.4", "198.51.100.5"] {
                statuses.append(try await upload(client, from: address))
            }
            // A client cannot pick a fresh address per request: all three came from the same peer.
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }
}
