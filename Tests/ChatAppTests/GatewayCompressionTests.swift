import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import TestSupport
import Testing

@testable import App

/// permessage-deflate: negotiated with a client that offers it (small windows, no context takeover), events arrive
/// compressed and readable, and a frame that inflates past `gateway.max_frame_bytes` closes the socket unread.
@Suite struct GatewayCompressionTests {
    static let logger = Logger.quiet("compression-tests")

    @Test func compressionIsNegotiatedAndItsInflatedSizeCapped() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (_, token) = try await api.signUpForToken("squeezed")
            _ = try await api.with(token: token).post("/servers/create", ["name": "Compressed"])

            // The handshake as a browser sends it: the answer names the extension and its parameters.
            let handshake = try await ToolRun.run(
                "/usr/bin/curl",
                [
                    "-si", "--max-time", "2", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                    "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "-H", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
                    "http://127.0.0.1:\(port)/ws",
                ], timeout: .seconds(10))
            let answer = handshake.outputText.lowercased()
            #expect(answer.hasPrefix("http/1.1 101"), "\(handshake.outputText)")
            #expect(answer.contains("sec-websocket-extensions: permessage-deflate"), "\(handshake.outputText)")
            #expect(answer.contains("server_no_context_takeover"), "\(handshake.outputText)")

            // A compressing client reads Ready (well over the compression threshold) as any other.
            let compressing = WebSocketClientConfiguration(
                maxFrameSize: 1 << 20, extensions: [.perMessageDeflate(maxDecompressedFrameSize: 1 << 20)])
            let frames = GatewayRouteTests.Frames()
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws?token=\(token)", configuration: compressing, logger: Self.logger
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    frames.texts.withLock { $0.append(text) }
                    if text.contains(#""type":"Ready""#) { try await outbound.close(.normalClosure, reason: nil) }
                }
            }
            let ready = try await frames.waitFor("Ready")
            #expect((ready["servers"] as? [[String: Any]])?.first?["name"] as? String == "Compressed")

            // 200 KB of padding deflates to a few hundred bytes, far under the frame limit on the wire; inflated it
            // is far over 16 KiB, so the socket is closed before the message is read: no Authenticated, no Ready.
            let padding = String(repeating: "a", count: 200_000)
            let bomb = GatewayRouteTests.Frames()
            let close = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws", configuration: compressing, logger: Self.logger
            ) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"Authenticate","token":"\#(token)","pad":"\#(padding)"}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { bomb.texts.withLock { $0.append(text) } }
                }
            }
            #expect(bomb.all.isEmpty, "\(bomb.types())")
            // swift-websocket closes with 1011 when inflating would pass its cap (1009 is for a frame too large as sent).
            #expect(close?.closeCode == .unexpectedServerError, "\(String(describing: close))")
        }
    }
}
