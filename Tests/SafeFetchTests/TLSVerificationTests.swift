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
        let port = TestEndpoints.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = [
            "s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)", "-key", directory + "/key.pem", "-cert",
            directory + "/cert.pem",
        ]
        // s_server reads commands from its standard input and stops at its end: keep it open.
        let input = Pipe()
        server.standardInput = input
        server.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: directory + "/server.log", contents: nil)
        server.standardError = FileHandle(forWritingAtPath: directory + "/server.log")
        try server.run()
        defer {
            server.terminate()
            try? input.fileHandleForWriting.close()
        }
        var settings = SafeFetchSettings(allowedPorts: [port], connectTimeout: .seconds(10), totalTimeout: .seconds(20))
        settings.allow = try HostRules(parsing: "127.0.0.1/32")
        let fetcher = SafeFetcher(settings: settings, connector: try NIOFetchConnector())
        var lastError: SafeFetchError?
        // A loaded machine may take a while to start the server: retry refused connections for up to 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            do {
                _ = try await fetcher.fetchBytes("https://127.0.0.1:\(port)/", limits: FetchLimits(maxBodyBytes: 65536))
                Issue.record("a self-signed certificate was accepted")
                return
            } catch let error as SafeFetchError {
                lastError = error
                guard "\(error)".contains("refused") || "\(error)".contains("connect"), server.isRunning else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
        let error = try #require(lastError)
        #expect(
            "\(error)".lowercased().contains("certificate") || "\(error)".contains("handshake"),
            "\(error); s_server running: \(server.isRunning), said: \(log)")
    }
}
