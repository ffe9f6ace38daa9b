import Synchronization

/// One copy of each topic name (`user:…`, `server:…`, `channel:…`) for all the sockets of a process: every socket of
/// a server's members follows the same names, and a String longer than 15 bytes is a heap allocation of its own, so
/// sockets share the copy made first. Bounded: past `limit` names the table starts over (sockets keep their copies).
enum TopicNames {
    static let limit = 200_000
    private static let names = Mutex<Set<String>>([])

    static func shared(_ name: String) -> String {
        // Short names live inside the String value itself: nothing to share.
        guard name.utf8.count > 15 else { return name }
        return names.withLock { names in
            if names.count >= limit, !names.contains(name) { names.removeAll() }
            return names.insert(name).memberAfterInsert
        }
    }
}
