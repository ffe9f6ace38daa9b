import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// One open file descriptor whose blocking calls run on NIO's thread pool, never on Swift's cooperative threads.
/// `@unchecked Sendable`: the descriptor is only used by one caller at a time (a put or a body iteration) and the
/// class closes it exactly once.
final class BlockingFile: @unchecked Sendable {
    private var descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) async throws -> BlockingFile {
        try await NIOThreadPool.singleton.runIfActive {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            guard descriptor >= 0 else { throw StorageError.posix("open", path: path) }
            return BlockingFile(descriptor: descriptor, path: path)
        }
    }

    func write(_ buffer: ByteBuffer) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            try buffer.withUnsafeReadableBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw StorageError.posix("write", path: self.path) }
                    offset += written
                }
            }
        }
    }

    /// Up to `count` bytes from `offset`; an empty buffer at the end of the file.
    func read(at offset: Int64, count: Int) async throws -> ByteBuffer {
        try await NIOThreadPool.singleton.runIfActive {
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                while true {
                    let read = Glibc.pread(self.descriptor, bytes.baseAddress!, count, off_t(offset))
                    if read < 0 && errno == EINTR { continue }
                    guard read >= 0 else { throw StorageError.posix("read", path: self.path) }
                    return read
                }
            }
            _ = read
            return buffer
        }
    }

    func sync() async throws {
        try await NIOThreadPool.singleton.runIfActive {
            guard fsync(self.descriptor) == 0 else { throw StorageError.posix("fsync", path: self.path) }
        }
    }

    func size() throws -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StorageError.posix("stat", path: path) }
        return Int64(status.st_size)
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}

extension StorageError {
    /// The failed system call, the path and `errno`'s message.
    static func posix(_ call: String, path: String) -> StorageError {
        let code = errno
        let message = "\(call) \(path): \(String(cString: strerror(code)))"
        return code == ENOENT ? .notFound(message) : .unreachable(message)
    }
}
