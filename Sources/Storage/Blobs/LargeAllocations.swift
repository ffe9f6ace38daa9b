import CStorageShim

/// A process-wide allocator setting for streaming blobs. glibc raises its mmap threshold each time a large block is
/// freed; after that, multi-megabyte part buffers come from per-thread heaps that keep freed memory resident, and a
/// 1 GiB S3 upload peaked at 81 MiB above idle instead of 49. A fixed threshold keeps such buffers mapped and gives
/// them back when freed. Executables that stream blobs call this once at start.
public enum LargeAllocations {
    @discardableResult
    public static func returnToSystemWhenFreed(threshold: Int32 = 1 << 20) -> Bool {
        dcn_storage_set_mmap_threshold(threshold) == 1
    }
}
