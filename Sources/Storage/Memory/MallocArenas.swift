import CStorageShim
import Foundation

/// A process-wide allocator setting for threads that take turns at large buffers. glibc gives a thread that finds
/// the heaps busy a heap of its own, up to eight per core, and each keeps the memory freed in it resident; media
/// jobs hop between NIO's threads, so a decoder's buffers were freed into one heap and the next job's taken from
/// another. One heap per core kept the thumbnail benchmark's worker 10 to 20 MiB lower at the same pace.
public enum MallocArenas {
    /// Caps the heaps at `count`; false where the C library has no such setting.
    @discardableResult
    public static func limit(to count: Int) -> Bool {
        dcn_storage_set_arena_max(Int32(clamping: max(1, count))) == 1
    }

    /// One heap per core, at least two. Executables call this once at start, before their threads allocate.
    @discardableResult
    public static func limitToOnePerCore() -> Bool {
        limit(to: max(2, ProcessInfo.processInfo.activeProcessorCount))
    }
}
