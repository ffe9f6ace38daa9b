/// Typed stream commands, the ones the job queue is built on.
extension RedisClient {
    /// `XADD key [trim] id field value …`; returns the new entry's id.
    @discardableResult
    public func xadd(
        _ stream: String,
        id: String = "*",
        fields: [(String, any RESPArgumentConvertible)],
        trim: StreamTrim? = nil
    ) async throws -> String {
        let reply = try await send(Self.xaddCommand(stream, id: id, fields: fields, trim: trim))
        guard let entryID = reply.string else { throw RedisError.unexpectedReply(command: "XADD", reply: "\(reply)") }
        return entryID
    }

    public static func xaddCommand(
        _ stream: String,
        id: String = "*",
        fields: [(String, any RESPArgumentConvertible)],
        trim: StreamTrim? = nil
    ) -> RedisCommand {
        var arguments: [any RESPArgumentConvertible] = [stream]
        switch trim {
        case .approximateMaxLength(let length): arguments += ["MAXLEN", "~", length]
        case .approximateMinID(let minID): arguments += ["MINID", "~", minID]
        case nil: break
        }
        arguments.append(id)
        for (name, value) in fields {
            arguments.append(name)
            arguments.append(value)
        }
        return RedisCommand("XADD", arguments)
    }

    /// `XGROUP CREATE key group id MKSTREAM`; an existing group is not an error.
    public func xgroupCreate(_ stream: String, group: String, startID: String = "0") async throws {
        do {
            try await send("XGROUP", "CREATE", stream, group, startID, "MKSTREAM")
        } catch let error as RedisError where error.serverCode == "BUSYGROUP" {
            return
        }
    }

    /// `XREADGROUP GROUP g c [COUNT n] [BLOCK ms] STREAMS key id`. With `block`, it must run on a dedicated
    /// connection (`withDedicatedConnection`) so it holds up no other caller; pass that connection here.
    public func xreadgroup(
        group: String,
        consumer: String,
        stream: String,
        id: String = ">",
        count: Int? = nil,
        block: Duration? = nil,
        on connection: RedisConnection? = nil
    ) async throws -> [StreamEntry] {
        var arguments: [any RESPArgumentConvertible] = ["GROUP", group, consumer]
        if let count { arguments += ["COUNT", count] }
        if let block { arguments += ["BLOCK", block.wholeMilliseconds] }
        arguments += ["STREAMS", stream, id]
        let command = RedisCommand("XREADGROUP", arguments)
        let reply: RESPValue
        if let connection {
            let timeout = (block ?? .zero) + configuration.blockingGrace
            reply = try await connection.send(command, timeout: timeout)
            if case .error(let message) = reply { throw RedisError.server(message) }
        } else {
            reply = try await send(command)
        }
        // [[stream, [entries]]] or null when nothing arrived.
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else {
            if reply.isNull { return [] }
            throw RedisError.unexpectedReply(command: "XREADGROUP", reply: "\(reply)")
        }
        return try StreamReplyDecoding.entries(first[1], command: "XREADGROUP")
    }

    /// `XREAD [COUNT n] [BLOCK ms] STREAMS key id`: entries after `id` (`$` for only new ones), without a consumer
    /// group. With `block`, pass a dedicated connection, as for `xreadgroup`.
    public func xread(
        stream: String, after id: String, count: Int? = nil, block: Duration? = nil,
        on connection: RedisConnection? = nil
    ) async throws -> [StreamEntry] {
        var arguments: [any RESPArgumentConvertible] = []
        if let count { arguments += ["COUNT", count] }
        if let block { arguments += ["BLOCK", block.wholeMilliseconds] }
        arguments += ["STREAMS", stream, id]
        let command = RedisCommand("XREAD", arguments)
        let reply: RESPValue
        if let connection {
            reply = try await connection.send(command, timeout: (block ?? .zero) + configuration.blockingGrace)
            if case .error(let message) = reply { throw RedisError.server(message) }
        } else {
            reply = try await send(command)
        }
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else {
            if reply.isNull { return [] }
            throw RedisError.unexpectedReply(command: "XREAD", reply: "\(reply)")
        }
        return try StreamReplyDecoding.entries(first[1], command: "XREAD")
    }

    /// `XRANGE key start end [COUNT n]`, oldest first.
    public func xrange(
        _ stream: String, start: String = "-", end: String = "+", count: Int? = nil
    ) async throws
        -> [StreamEntry]
    {
        var arguments: [any RESPArgumentConvertible] = [stream, start, end]
        if let count { arguments += ["COUNT", count] }
        return try StreamReplyDecoding.entries(try await send(RedisCommand("XRANGE", arguments)), command: "XRANGE")
    }

    /// `XREVRANGE key end start [COUNT n]`, newest first.
    public func xrevrange(
        _ stream: String, end: String = "+", start: String = "-", count: Int? = nil
    ) async throws
        -> [StreamEntry]
    {
        var arguments: [any RESPArgumentConvertible] = [stream, end, start]
        if let count { arguments += ["COUNT", count] }
        return try StreamReplyDecoding.entries(
            try await send(RedisCommand("XREVRANGE", arguments)), command: "XREVRANGE")
    }

    /// `XACK key group id …`; returns how many entries were acknowledged.
    @discardableResult
    public func xack(_ stream: String, group: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let reply = try await send(RedisCommand("XACK", [stream, group] + ids))
        guard let count = reply.int else { throw RedisError.unexpectedReply(command: "XACK", reply: "\(reply)") }
        return count
    }

    /// `XAUTOCLAIM key group consumer min-idle-ms start [COUNT n]`.
    public func xautoclaim(
        _ stream: String,
        group: String,
        consumer: String,
        minIdle: Duration,
        start: String = "0-0",
        count: Int = 100
    ) async throws -> AutoClaimResult {
        let idle = minIdle.wholeMilliseconds
        let reply = try await send("XAUTOCLAIM", stream, group, consumer, idle, start, "COUNT", count)
        guard let parts = reply.array, parts.count >= 2, let cursor = parts[0].string else {
            throw RedisError.unexpectedReply(command: "XAUTOCLAIM", reply: "\(reply)")
        }
        let entries = try StreamReplyDecoding.entries(parts[1], command: "XAUTOCLAIM")
        let deleted = parts.count > 2 ? (parts[2].array ?? []).compactMap(\.string) : []
        return AutoClaimResult(nextCursor: cursor, entries: entries, deletedIDs: deleted)
    }

    /// `XPENDING key group`: how many entries are pending and with whom.
    public func xpendingSummary(_ stream: String, group: String) async throws -> PendingSummary {
        let reply = try await send("XPENDING", stream, group)
        guard let parts = reply.array, parts.count == 4, let count = parts[0].int else {
            throw RedisError.unexpectedReply(command: "XPENDING", reply: "\(reply)")
        }
        var consumers: [String: Int] = [:]
        for pair in parts[3].array ?? [] {
            if let pair = pair.array, pair.count == 2, let name = pair[0].string, let pending = pair[1].int {
                consumers[name] = pending
            }
        }
        return PendingSummary(
            count: count, smallestID: parts[1].string, greatestID: parts[2].string, consumers: consumers)
    }

    /// `XPENDING key group [IDLE ms] start end count [consumer]`: pending entries with delivery counts.
    public func xpending(
        _ stream: String,
        group: String,
        minIdle: Duration? = nil,
        start: String = "-",
        end: String = "+",
        count: Int = 100,
        consumer: String? = nil
    ) async throws -> [PendingEntry] {
        var arguments: [any RESPArgumentConvertible] = [stream, group]
        if let minIdle {
            arguments += ["IDLE", minIdle.wholeMilliseconds]
        }
        arguments += [start, end, count]
        if let consumer { arguments.append(consumer) }
        let reply = try await send(RedisCommand("XPENDING", arguments))
        guard let rows = reply.array else { throw RedisError.unexpectedReply(command: "XPENDING", reply: "\(reply)") }
        return try rows.map { row in
            guard let fields = row.array, fields.count == 4, let id = fields[0].string, let owner = fields[1].string,
                let idle = fields[2].int, let deliveries = fields[3].int
            else { throw RedisError.unexpectedReply(command: "XPENDING", reply: "\(row)") }
            return PendingEntry(id: id, consumer: owner, idle: .milliseconds(idle), deliveryCount: deliveries)
        }
    }

    /// `XINFO GROUPS key`.
    public func xinfoGroups(_ stream: String) async throws -> [StreamGroupInfo] {
        let reply = try await send("XINFO", "GROUPS", stream)
        guard let groups = reply.array else { throw RedisError.unexpectedReply(command: "XINFO", reply: "\(reply)") }
        return try groups.map { group in
            let fields = try StreamReplyDecoding.map(group, command: "XINFO GROUPS")
            guard let name = fields["name"]?.string, let consumers = fields["consumers"]?.int,
                let pending = fields["pending"]?.int, let last = fields["last-delivered-id"]?.string
            else { throw RedisError.unexpectedReply(command: "XINFO GROUPS", reply: "\(group)") }
            return StreamGroupInfo(
                name: name, consumers: consumers, pending: pending, lastDeliveredID: last, lag: fields["lag"]?.int,
                entriesRead: fields["entries-read"]?.int)
        }
    }

    /// `XINFO CONSUMERS key group`.
    public func xinfoConsumers(_ stream: String, group: String) async throws -> [StreamConsumerInfo] {
        let reply = try await send("XINFO", "CONSUMERS", stream, group)
        guard let consumers = reply.array else {
            throw RedisError.unexpectedReply(command: "XINFO", reply: "\(reply)")
        }
        return try consumers.map { consumer in
            let fields = try StreamReplyDecoding.map(consumer, command: "XINFO CONSUMERS")
            guard let name = fields["name"]?.string, let pending = fields["pending"]?.int,
                let idle = fields["idle"]?.int
            else { throw RedisError.unexpectedReply(command: "XINFO CONSUMERS", reply: "\(consumer)") }
            return StreamConsumerInfo(name: name, pending: pending, idle: .milliseconds(idle))
        }
    }

    /// `XINFO STREAM key`.
    public func xinfoStream(_ stream: String) async throws -> StreamInfo {
        let reply = try await send("XINFO", "STREAM", stream)
        let fields = try StreamReplyDecoding.map(reply, command: "XINFO STREAM")
        guard let length = fields["length"]?.int, let groups = fields["groups"]?.int,
            let last = fields["last-generated-id"]?.string
        else { throw RedisError.unexpectedReply(command: "XINFO STREAM", reply: "\(reply)") }
        return StreamInfo(
            length: length,
            groups: groups,
            lastGeneratedID: last,
            firstEntryID: fields["first-entry"]?.array?.first?.string,
            lastEntryID: fields["last-entry"]?.array?.first?.string
        )
    }
}
