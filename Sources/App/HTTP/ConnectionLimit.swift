import Glibc

/// How many client connections the server accepts at once: the process's open-file limit less a reserve for what
/// else it opens (database and Redis connections, blobs, upload spools, libdispatch's reads of /proc). At the limit
/// new connections wait in the listen backlog instead of failing with "too many open files" elsewhere: libdispatch
/// stops the whole process when it cannot open a file to watch its threads (seen with 20,000 gateway sockets under a
/// limit of 20,000 files).
enum ConnectionLimit {
    static let reserve = 512

    /// For an open-file limit (nil: unlimited).
    static func connections(openFileLimit: Int?) -> Int {
        guard let openFileLimit else { return Int.max }
        return max(64, openFileLimit - reserve)
    }

    /// For this process's open-file limit.
    static func current() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max)
        else { return connections(openFileLimit: nil) }
        return connections(openFileLimit: Int(limit.rlim_cur))
    }
}
