import ChatAPI
import EventBus
import Foundation
import HTTPSupport
import Identity
import Logging
import NIOCore
import Storage
import WSCore

/// One socket: reads the client's frames through the `GatewaySession`, and once it is ready, writes every event
/// the hub queues for it, filtered and adjusted for this viewer (channels it cannot see are left out; a server it
/// joins or leaves, or a change of roles or overrides, changes what it follows, as Bonfire does).

/// Starting a socket's subscription: a fresh `Ready`, or the resumed gap of a reconnecting client.
extension GatewayConnection {
    /// A socket's subscription and the stream position its client has everything up to.
    struct Follower: Sendable {
        var subscriber: Subscriber
        var position: StreamPosition
    }

    /// Subscribes a new socket and sends `Ready` with the stream position it reflects (`seq`): events after it
    /// follow live. `session` is the socket's session topic, followed from the start so that a logout arriving
    /// right after `Ready` reaches it.
    ///
    /// The position is taken before the records are read: an event published while they are read (a message, a
    /// channel made) is sent after `Ready` with its own `seq`, never lost between the records and the live stream.
    /// One the records already reflect then comes twice, as clients expect of a replay (an upsert, a delete).
    func start(
        userID: String, session: String?, writer: FrameWriter, readyFields: Set<String>, hooks: SubscriberHooks
    ) async throws -> Follower? {
        let reflected = try await hub.lastPosition()
        guard let made = try await views.ready(userID: userID) else {
            try await writer.write(#"{"type":"Error","error":"InvalidSession"}"#)
            return nil
        }
        let follower = Subscriber(
            userID: userID,
            following: Following(topics: made.topics.union(session.map { [$0] } ?? []), servers: made.servers),
            limit: settings.maxQueuedEvents, byteLimit: settings.maxQueuedBytes, hooks: hooks)
        hub.add(follower)
        var ready = made.ready
        let online = try await hub.presence.online(ready.users.map(\.id))
        for index in ready.users.indices where ready.users[index].id != userID {
            ready.users[index].online = online.contains(ready.users[index].id)
        }
        ready.voiceStates = try await voiceStates(in: ready.channels)
        try await writer.write(try Self.encodeReady(ready, only: readyFields, seq: reflected.description))
        // Everything after `reflected` up to now (the hub queues what comes later for this follower).
        let position = try await replay(to: follower, after: reflected, through: nil, writer: writer)
        try await announceOnline(follower)
        return Follower(subscriber: follower, position: position)
    }

    /// Resumes a reconnecting socket after `from`: the events it missed that it may see, in order, each with its
    /// `seq`, then `Resumed`. Nil, after telling the client `ResumeFailed`, when the gap cannot be filled (too old,
    /// trimmed from the stream, or from the future): the caller then sends a fresh `Ready`.
    func resume(
        userID: String, session: String?, from: String, writer: FrameWriter, hooks: SubscriberHooks
    ) async throws -> Follower? {
        func failed(_ reason: String) async throws -> Follower? {
            GatewayMetrics.resumeMisses.increment()
            try await writer.write(#"{"reason":"\#(reason)","type":"ResumeFailed"}"#)
            return nil
        }
        guard let start = StreamPosition(from) else { return try await failed("not a seq") }
        let now = UInt64(Date.now.timeIntervalSince1970 * 1000)
        guard now - min(now, start.milliseconds) <= UInt64(settings.resumeWindow.wholeMilliseconds) else {
            return try await failed("older than the resume window")
        }
        guard let made = try await views.ready(userID: userID) else { return try await failed("no such user") }
        let follower = Subscriber(
            userID: userID,
            following: Following(topics: made.topics.union(session.map { [$0] } ?? []), servers: made.servers),
            limit: settings.maxQueuedEvents, byteLimit: settings.maxQueuedBytes, hooks: hooks)
        hub.add(follower)
        let end = try await hub.lastPosition()
        guard start <= end else {
            hub.remove(follower)
            return try await failed("from the future")
        }
        if let first = try await hub.firstPosition(), first > start, start < end {
            hub.remove(follower)
            return try await failed("trimmed from the stream")
        }
        try await replay(to: follower, after: start, through: end, writer: writer)
        try await writer.write(#"{"seq":"\#(end)","type":"Resumed"}"#)
        GatewayMetrics.resumeHits.increment()
        try await announceOnline(follower)
        return Follower(subscriber: follower, position: end)
    }

    /// Writes the events after `start` up to `end` (nil: up to the stream's end when it is read) that `follower`
    /// follows, in order, each as it sees it and with its `seq`. Returns the position of the last event read
    /// (`start` when there was none).
    @discardableResult
    func replay(
        to follower: Subscriber, after start: StreamPosition, through end: StreamPosition?, writer: FrameWriter
    ) async throws -> StreamPosition {
        let batch = 500
        var cursor = start
        while end.map({ cursor < $0 }) ?? true {
            let entries = try await hub.events(after: cursor, count: batch)
            // Nothing left up to `end` (the stream is oldest first): done.
            guard let first = entries.first.flatMap({ StreamPosition($0.id) }), end.map({ first <= $0 }) ?? true
            else { break }
            for event in entries {
                guard let position = StreamPosition(event.id), end.map({ position <= $0 }) ?? true else { continue }
                cursor = position
                guard follower.follows(any: event.topics) else { continue }
                for text in try await viewed(event, by: follower) {
                    try await writer.write(Self.withSequence(text, event.id))
                }
            }
            // Open-ended, a short batch means the stream's end was reached.
            if end == nil && entries.count < batch { break }
        }
        return cursor
    }

    func announceOnline(_ follower: Subscriber) async throws {
        if try await hub.presence.connect(userID: follower.userID, socket: follower.socket) {
            await publishPresence(userID: follower.userID, online: true)
        }
    }

    /// An event's JSON with its stream position as `seq`, so a client that reconnects can resume after it.
    static func withSequence(_ text: String, _ id: String) -> String {
        guard !id.isEmpty, text.hasPrefix("{") else { return text }
        return #"{"seq":"\#(id)","# + text.dropFirst()
    }

    /// The voice channels among `channels` that someone is in, with who (one Redis round trip).
    func voiceStates(in channels: [ChannelObject]) async throws -> [JSONValue] {
        let voice = channels.filter { $0.voice != nil || $0.channelType == .group || $0.channelType == .directMessage }
        guard !voice.isEmpty else { return [] }
        return try await hub.voiceStates.states(channelIDs: voice.map(\.id)).map { channel in
            .object([
                "id": .string(channel.channelID),
                "participants": .array(
                    channel.states.compactMap { try? JSONCoding.decoder.decode(JSONValue.self, from: Data($0)) }),
            ])
        }
    }

    /// `Ready` as JSON; with `ready=` fields asked for, only those members (Bonfire's field filter).
    static func encodeReady(
        _ ready: ChatViews.Ready, only fields: Set<String> = [], seq: String? = nil
    ) throws
        -> String
    {
        let encoded = try JSONCoding.encode(ready)
        // Without a field filter (the usual case) the members are added in front of the encoded object instead of
        // decoding and encoding it again.
        if fields.isEmpty, encoded.first == UInt8(ascii: "{") {
            let head = seq.map { #"{"seq":"\#($0)","type":"Ready""# } ?? #"{"type":"Ready""#
            let rest = encoded.dropFirst()
            return head + (rest.first == UInt8(ascii: "}") ? "" : ",") + String(decoding: rest, as: UTF8.self)
        }
        var value = try JSONCoding.decoder.decode(JSONValue.self, from: Data(encoded))
        if !fields.isEmpty, case .object(let members) = value {
            value = .object(members.filter { fields.contains($0.key) })
        }
        guard case .object(var members) = value else { return #"{"type":"Ready"}"# }
        members["type"] = "Ready"
        if let seq { members["seq"] = .string(seq) }
        return String(decoding: try JSONCoding.encode(JSONValue.object(members)), as: UTF8.self)
    }
}
