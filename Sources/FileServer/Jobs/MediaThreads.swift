import NIOCore
import NIOPosix

/// The threads libvips and libav run on: one per core, apart from NIO's shared blocking pool, so a burst of
/// decodes never queues the disk reads, file writes and DNS lookups that pool serves (and those never hold up a
/// decode). libvips and libav calls cannot be interrupted, so they must not run on Swift's cooperative pool either.
enum MediaThreads {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()
}
