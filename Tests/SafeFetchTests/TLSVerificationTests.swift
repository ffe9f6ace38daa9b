import Foundation
import TestSupport
import Testing

@testable import SafeFetch

/// TLS is verified for the URL's name: an origin on loopback with a self-signed certificate (`openssl s_server`)
/// is refused, not read.
@Suite struct TLSVerificationTests {
    @Test func selfSignedCertificatesAreRefused() async throws {
        let directory = TestEndpoints.temporaryDirectory("tls")
        let certificate = try await ToolRun.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
            ])
        try #require(certificate.status == 0, "\(certificate.errorText)")
        let port = Int.random(in: 30_000..<40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = [
            "s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)", "-key", directory + "/key.pem", "-cert",
            directory + "/cert.pem",
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        var settings = SafeFetchSettings(allowedPorts: [port], connectTimeout: .seconds(10), totalTimeout: .seconds(20))
        settings.allow = try HostRules(parsing: "127.0.0.1/32")
        let fetcher = SafeFetcher(settings: settings, connector: try NIOFetchConnector())
        var lastError: SafeFetchError?
        for _ in 0..<50 {
            do {
                _ = try await fetcher.fetchBytes("https://127.0.0.1:\(port)/", limits: FetchLimits(maxBodyBytes: 65536))
                Issue.record("a self-signed certificate was accepted")
                return
            } catch let error as SafeFetchError {
                lastError = error
                // The server may not listen yet: only a refused connection is worth another try.
                guard "\(error)".contains("refused") || "\(error)".contains("connect") else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let error = try #require(lastError)
        #expect("\(error)".lowercased().contains("certificate") || "\(error)".contains("handshake"), "\(error)")
    }
}
