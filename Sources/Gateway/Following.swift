/// What one socket follows: its own topics and each known user's, its servers with the channels it can see in
/// each, and its private channels. A value type, so the rules (leaving a server drops its channels) are tested
/// without sockets.
struct Following: Sendable, Equatable {
    private(set) var topics: Set<String> = []
    /// Server id → the ids of its channels this socket follows.
    private(set) var servers: [String: Set<String>] = [:]

    init(topics: Set<String> = [], servers: [String: Set<String>] = [:]) {
        self.topics = Set(topics.map(TopicNames.shared))
        for (server, channels) in servers { follow(server: server, channels: channels) }
    }

    func contains(_ topic: String) -> Bool { topics.contains(topic) }

    mutating func follow(topics more: some Sequence<String>) { topics.formUnion(more.map(TopicNames.shared)) }

    mutating func follow(server: String, channels: Set<String>) {
        topics.insert(TopicNames.shared("server:" + server))
        servers[TopicNames.shared(server), default: []].formUnion(channels.map(TopicNames.shared))
        topics.formUnion(channels.map { TopicNames.shared("channel:" + $0) })
    }

    /// Leaves a server: its topic and every channel of it go.
    mutating func unfollow(server: String) {
        topics.remove("server:" + server)
        for channel in servers.removeValue(forKey: server) ?? [] { topics.remove("channel:" + channel) }
    }

    mutating func follow(channel: String, in server: String?) {
        topics.insert(TopicNames.shared("channel:" + channel))
        if let server { servers[TopicNames.shared(server), default: []].insert(TopicNames.shared(channel)) }
    }

    mutating func unfollow(channel: String) {
        topics.remove("channel:" + channel)
        for server in servers.keys { servers[server]?.remove(channel) }
    }

    /// The channels of a server it may see now; returns those it gained and those it lost.
    mutating func setChannels(of server: String, to visible: Set<String>) -> (gained: Set<String>, lost: Set<String>) {
        guard servers[server] != nil else { return ([], []) }
        let before = servers[server] ?? []
        let gained = visible.subtracting(before)
        let lost = before.subtracting(visible)
        servers[server] = Set(visible.map(TopicNames.shared))
        topics.formUnion(gained.map { TopicNames.shared("channel:" + $0) })
        topics.subtract(lost.map { "channel:" + $0 })
        return (gained, lost)
    }
}
