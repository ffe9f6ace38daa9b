/// A message received on a subscribed channel.
public struct RedisPubSubMessage: Sendable, Equatable {
    public var channel: String
    public var payload: [UInt8]
    /// The pattern that matched, for `PSUBSCRIBE`.
    public var pattern: String?

    public var text: String { String(decoding: payload, as: UTF8.self) }
}

/// Messages from `SUBSCRIBE` / `PSUBSCRIBE` on a connection of their own; iterating ends when the connection
/// closes, and dropping the iteration closes the connection.
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPubSubMessage
    private let stream: AsyncThrowingStream<RedisPubSubMessage, any Error>

    init(stream: AsyncThrowingStream<RedisPubSubMessage, any Error>) {
        self.stream = stream
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<RedisPubSubMessage, any Error>.AsyncIterator {
        stream.makeAsyncIterator()
    }
}

extension RedisClient {
    /// Subscribes to channels (and patterns); returns once Redis has confirmed every subscription.
    public func subscribe(channels: [String], patterns: [String] = []) async throws -> RedisSubscription {
        let connection = try await makeDedicatedConnection()
        let expected = channels.count + patterns.count
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: RedisPubSubMessage.self)
        let (confirmations, confirmed) = AsyncStream.makeStream(of: Void.self)
        continuation.onTermination = { _ in connection.closeSoon() }
        try await connection.enterPushMode(
            receive: { reply in
                guard let parts = reply.array, let kind = parts.first?.string else { return }
                switch (kind, parts.count) {
                case ("message", 3):
                    continuation.yield(
                        RedisPubSubMessage(channel: parts[1].string ?? "", payload: parts[2].bytes ?? [], pattern: nil)
                    )
                case ("pmessage", 4):
                    continuation.yield(
                        RedisPubSubMessage(
                            channel: parts[2].string ?? "",
                            payload: parts[3].bytes ?? [],
                            pattern: parts[1].string
                        )
                    )
                case ("subscribe", _), ("psubscribe", _):
                    confirmed.yield()
                default:
                    break
                }
            },
            closed: {
                confirmed.finish()
                continuation.finish(throwing: RedisError.connectionClosed)
            }
        )
        var commands: [RedisCommand] = []
        if !channels.isEmpty { commands.append(RedisCommand("SUBSCRIBE", channels)) }
        if !patterns.isEmpty { commands.append(RedisCommand("PSUBSCRIBE", patterns)) }
        try await connection.write(commands)
        var count = 0
        for await _ in confirmations {
            count += 1
            if count == expected { break }
        }
        guard count == expected else { throw RedisError.connectionClosed }
        return RedisSubscription(stream: stream)
    }

    /// `PUBLISH channel message`; returns how many subscribers received it.
    @discardableResult
    public func publish(_ message: any RESPArgumentConvertible, to channel: String) async throws -> Int {
        try await send("PUBLISH", channel, message).int ?? 0
    }
}
