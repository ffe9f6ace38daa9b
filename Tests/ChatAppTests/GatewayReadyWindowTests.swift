import EventBus
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import SQLKit
import Storage
import Synchronization
import TestSupport
import Testing

@testable import App

/// An event published while a new socket's `Ready` is being read from the database is not lost between the records
/// and the live stream: it follows `Ready`, with its `seq`.
@Suite struct GatewayReadyWindowTests {
    @Test func anEventPublishedWhileReadyIsReadFollowsIt() async throws {
        let fixture = try await ChatFixture.make(.postgres)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let api = APIClient(client: client)
            let (ownerID, token) = try await api.signUpForToken("early")
            let made = try await api.with(token: token).post("/servers/create", ["name": "Window"])
            let general = try #require((made["channels"] as? [[String: Any]])?.first?["_id"] as? String)

            // Hold the members table: the socket's Ready stops at its memberships, after the stream position it
            // will reflect was taken.
            let release = Mutex(false)
            let locked = Task {
                try await fixture.metadata { store in
                    try await store.withTransaction { database in
                        try await database.raw("LOCK TABLE members IN ACCESS EXCLUSIVE MODE").run()
                        while !release.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                    }
                }
            }
            try await Self.waitForLocks(on: "members", granted: true, fixture: fixture)

            let frames = GatewayRouteTests.Frames()
            let socket = Task {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/ws?token=\(token)", logger: Logger.quiet("ready-window")
                ) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { frames.texts.withLock { $0.append(text) } }
                    }
                }
            }
            defer { socket.cancel() }
            try await Self.waitForLocks(on: "members", granted: false, fixture: fixture)

            // Published while the Ready is blocked (as the API publishes after its write commits).
            let body =
                #"{"type":"Message","_id":"01JREADYWINDOW00000000000","channel":"\#(general)","author":"\#(ownerID)","content":"in the window"}"#
            let id = try #require(
                try await fixture.publish(Event(type: "Message", topics: [.channel(general)], body: Array(body.utf8))))
            release.withLock { $0 = true }
            try await locked.value

            #expect(try await frames.waitForText("in the window"), "the event published during Ready arrives")
            let texts = frames.all
            let ready = try #require(texts.firstIndex { $0.contains(#""type":"Ready""#) })
            let message = try #require(texts.firstIndex { $0.contains("in the window") })
            #expect(ready < message, "after Ready")
            #expect(texts[message].contains(#""seq":"\#(id)""#), "with its own seq: \(texts[message].prefix(80))")
            #expect(texts.filter { $0.contains("in the window") }.count == 1, "once")
        }
    }

    /// Waits until a lock on `table` is held (`granted`) or waited for (not `granted`).
    static func waitForLocks(on table: String, granted: Bool, fixture: ChatFixture) async throws {
        for _ in 0..<250 {
            let locks = try await fixture.metadata { store in
                try await store.withConnection { database in
                    try await database.raw(
                        """
                        SELECT count(*) AS locks FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                        WHERE l.granted = \(bind: granted) AND c.relname = \(bind: table)
                        """
                    ).first()?.decode(column: "locks", as: Int.self) ?? 0
                }
            }
            if locks > 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no \(granted ? "held" : "awaited") lock on \(table)")
    }
}
