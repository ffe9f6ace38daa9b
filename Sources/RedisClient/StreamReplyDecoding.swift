/// Turns the nested arrays Redis answers stream commands with into typed values.
enum StreamReplyDecoding {
    static func entry(_ reply: RESPValue, command: String) throws(RedisError) -> StreamEntry? {
        guard let pair = reply.array, pair.count == 2, let id = pair[0].string else {
            throw .unexpectedReply(command: command, reply: "\(reply)")
        }
        // An entry deleted while pending comes back from XREADGROUP / XCLAIM with nil fields.
        guard let flat = pair[1].array else { return nil }
        var fields: [(name: String, value: [UInt8])] = []
        fields.reserveCapacity(flat.count / 2)
        var index = 0
        while index + 1 < flat.count {
            fields.append((flat[index].string ?? "", flat[index + 1].bytes ?? []))
            index += 2
        }
        return StreamEntry(id: id, fields: fields)
    }

    static func entries(_ reply: RESPValue, command: String) throws(RedisError) -> [StreamEntry] {
        guard let list = reply.array else {
            if reply.isNull { return [] }
            throw .unexpectedReply(command: command, reply: "\(reply)")
        }
        var result: [StreamEntry] = []
        for item in list {
            if let entry = try entry(item, command: command) { result.append(entry) }
        }
        return result
    }

    /// A map reply given as a flat array of alternating names and values.
    static func map(_ reply: RESPValue, command: String) throws(RedisError) -> [String: RESPValue] {
        guard let flat = reply.array else { throw .unexpectedReply(command: command, reply: "\(reply)") }
        var result: [String: RESPValue] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string { result[name] = flat[index + 1] }
            index += 2
        }
        return result
    }
}
