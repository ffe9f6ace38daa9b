import ChatAPI
import EventBus
import Foundation
import HTTPSupport
import Identity
import Logging
import NIOCore
import NIOWebSocket
import Storage
import WSCore

/// What every socket of the gateway shares: settings, the hub, sessions, the chat views and the event bus. `run`
/// serves one socket (its state is a `GatewaySocket`); every event the hub hands it is filtered and adjusted for
/// its viewer (channels it cannot see are left out; a server it joins or leaves, or a change of roles or
/// overrides, changes what it follows, as Bonfire does).
struct GatewayConnection {
    let settings: GatewaySettings
    let hub: GatewayHub
    let sessions: Sessions
    let views: ChatViews
    let events: EventBus
    let logger: Logger

    /// How frames are written: JSON in text frames, or MessagePack in binary frames (`?format=msgpack`).
    enum Format: Sendable {
        case json
        case msgpack
    }

    /// Serves one socket until it closes. The task that runs this lives as long as the socket and only reads the
    /// client's frames; each frame's work runs in a child task that ends with it, and events reach the socket
    /// without a task of its own (`Subscriber`), so an idle socket holds one shallow task.
    func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
        writesStraight: Bool, token: String?, format: Format, readyFields: Set<String> = [], resume: String? = nil
    ) async throws {
        let socket = GatewaySocket(
            connection: self, writer: FrameWriter(outbound: outbound, format: format), channel: channel,
            writesStraight: writesStraight && format == .json, readyFields: readyFields,
            session: GatewaySession(limits: settings.limits))
        GatewayMetrics.socketOpened()
        defer { GatewayMetrics.socketClosed() }
        hub.addClock(socket.id) { socket.tick() }
        var failure: (any Error)?
        do {
            let actions = socket.withSession { $0.connected(token: token, resume: resume) }
            if try await inChildTask({ try await socket.perform(actions) }) {
                for try await message in inbound.messages(maxSize: settings.maxFrameBytes) {
                    let decoded: ClientMessage
                    switch message {
                    case .text(let text): decoded = ClientMessage.decode(text)
                    case .binary(let buffer):
                        decoded = (try? MessagePack.decode(Array(buffer: buffer))).map(ClientMessage.decode) ?? .unknown
                    }
                    guard try await inChildTask({ try await socket.received(decoded) }) else { break }
                }
            }
        } catch {
            failure = error
        }
        hub.removeClock(socket.id)
        await socket.ended()
        if let failure { throw failure }
    }

    /// `UserUpdate {online}` to everyone who knows the user (they follow its `user:` topic).
    func publishPresence(userID: String, online: Bool) async {
        await events.publish(GatewayHub.presenceChange(userID: userID, online: online))
    }

    func verify(_ token: String) async throws -> Caller? {
        if let caller = try await sessions.verify(token: token, kind: .session) { return caller }
        return try await sessions.verify(token: token, kind: .bot)
    }

    /// Writes JSON text as the socket's format wants it.
    struct FrameWriter: Sendable {
        let outbound: WebSocketOutboundWriter
        let format: Format

        func write(_ json: String) async throws {
            switch format {
            case .json:
                try await outbound.write(.text(json))
            case .msgpack:
                let value = try JSONCoding.decoder.decode(JSONValue.self, from: Data(json.utf8))
                try await outbound.write(.binary(ByteBuffer(bytes: MessagePack.encode(value))))
            }
        }
    }

}
