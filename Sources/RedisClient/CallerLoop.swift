import NIOCore
import NIOPosix

/// Tells whether the calling thread is one of a group's event loops. A connection opened on the caller's own loop
/// answers it without a thread hop; callers run on loops when NIO is Swift's global executor (`GlobalExecutor`)
/// or when they prefer an `EventLoopTaskExecutor`.
struct CallerLoop: Sendable {
    private let group: any EventLoopGroup
    private let loops: Set<ObjectIdentifier>

    init(_ group: any EventLoopGroup) {
        self.group = group
        self.loops = Set(group.makeIterator().map { ObjectIdentifier($0) })
    }

    /// The caller's loop when it belongs to the group, else nil.
    var current: (any EventLoop)? {
        guard let current = MultiThreadedEventLoopGroup.currentEventLoop, loops.contains(ObjectIdentifier(current))
        else { return nil }
        return current
    }

    /// Where to open a connection: the caller's loop if it is one of the group's, else the group picks.
    var forNewConnection: any EventLoopGroup { current ?? group }
}
