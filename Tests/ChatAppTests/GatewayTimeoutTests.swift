import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import TestSupport
import Testing

@testable import App

/// The sockets' clocks (one ticker per process drives them all): a socket that never authenticates is closed with
/// 4001, one whose client falls silent with 4002.
@Suite struct GatewayTimeoutTests {
    @Test func silentSocketsAreClosedOnTime() async throws {
        let fixture = try await ChatFixture.make(.sqlite, ["gateway.auth_timeout": "1s", "gateway.idle_timeout": "2s"])
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let (_, token) = try await APIClient(client: client).signUpForToken("quiet")
            let logger = Logger.quiet("timeout-tests")
            let started = ContinuousClock.now
            let unauthenticated = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", logger: logger) {
                inbound, _, _ in
                for try await _ in inbound.messages(maxSize: 1 << 16) {}
            }
            #expect(unauthenticated?.closeCode == .unknown(4001), "\(String(describing: unauthenticated))")
            // Well inside 10 s even while the other suites of the phase load both cores (5.03 s was seen once).
            #expect(ContinuousClock.now - started < .seconds(10))

            let frames = GatewayRouteTests.Frames()
            let silent = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws?token=\(token)", logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { frames.texts.withLock { $0.append(text) } }
                }
            }
            #expect(frames.types().contains("Ready"), "authenticated first")
            #expect(silent?.closeCode == .unknown(4002), "\(String(describing: silent))")
        }
    }
}
