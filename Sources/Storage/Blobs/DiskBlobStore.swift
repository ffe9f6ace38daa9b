import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Blobs as files under a root directory (the embedded default). A key maps to
/// `ROOT/ab/cd/<percent-encoded key>` (`ab`, `cd`: its first four characters), so no directory grows huge.
/// Writes go to `ROOT/.tmp`, are fsynced, then renamed into place.
public struct DiskBlobStore: BlobStore {
    public let root: String
    /// Bytes read from disk per body chunk and gathered before each write.
    var chunkSize = 256 * 1024
    static let temporaryDirectory = ".tmp"

    public init(root: String) throws(StorageError) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        do {
            try FileManager.default.createDirectory(
                atPath: "\(self.root)/\(Self.temporaryDirectory)", withIntermediateDirectories: true
            )
        } catch {
            throw .unreachable("cannot create blob directory \(root): \(error.localizedDescription)")
        }
    }

    public func put<Body: AsyncSequence>(_ body: Body, key: String, contentType: String?) async throws -> BlobInfo
    where Body.Element == ByteBuffer {
        let location = try Self.location(of: key)
        let temporary = "\(root)/\(Self.temporaryDirectory)/\(UUID().uuidString)"
        let file = try await BlockingFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        do {
            var pending = ByteBuffer()
            for try await var chunk in body {
                try Task.checkCancellation()
                pending.writeBuffer(&chunk)
                if pending.readableBytes >= chunkSize * 4 {
                    try await file.write(pending)
                    pending.clear()
                }
            }
            try Task.checkCancellation()
            if pending.readableBytes > 0 { try await file.write(pending) }
            try await file.sync()
            let size = try file.size()
            file.close()
            let directory = "\(root)/\(location.directory)"
            try await NIOThreadPool.singleton.runIfActive {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                guard rename(temporary, "\(directory)/\(location.name)") == 0 else {
                    throw StorageError.posix("rename", path: temporary)
                }
                Self.syncDirectory(directory)
            }
            return BlobInfo(key: key, size: size, lastModified: .now, contentType: contentType)
        } catch {
            file.close()
            unlink(temporary)
            throw error
        }
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobDownload {
        let path = try self.path(of: key)
        let file = try await BlockingFile.open(path, flags: O_RDONLY)
        let info = try Self.info(key: key, path: path, size: file.size())
        let span = try range.map { try $0.resolved(size: info.size) }
        let first = span?.lowerBound ?? 0
        let end = (span?.upperBound ?? (info.size - 1)) + 1
        let chunkSize = Int64(chunkSize)
        let body = BlobBody {
            var offset = first
            return {
                guard offset < end else {
                    file.close()
                    return nil
                }
                let chunk = try await file.read(at: offset, count: Int(min(chunkSize, end - offset)))
                guard chunk.readableBytes > 0 else {
                    throw StorageError.corrupt("\(path) ended at \(offset) of \(end) bytes")
                }
                offset += Int64(chunk.readableBytes)
                return chunk
            }
        }
        return BlobDownload(info: info, range: span, body: body)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        let path = try self.path(of: key)
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StorageError.posix("stat", path: path)
        }
        return try Self.info(key: key, path: path, size: Int64(status.st_size))
    }

    public func delete(_ key: String) async throws {
        let path = try self.path(of: key)
        try await NIOThreadPool.singleton.runIfActive {
            guard unlink(path) == 0 || errno == ENOENT || errno == ENOTDIR else {
                throw StorageError.posix("unlink", path: path)
            }
        }
    }

    /// A hard link: the bytes are shared, which is safe because objects are never changed in place.
    public func copy(from source: String, to destination: String) async throws {
        let sourcePath = try path(of: source)
        let location = try Self.location(of: destination)
        let temporary = "\(root)/\(Self.temporaryDirectory)/\(UUID().uuidString)"
        let directory = "\(root)/\(location.directory)"
        try await NIOThreadPool.singleton.runIfActive {
            guard Glibc.link(sourcePath, temporary) == 0 else { throw StorageError.posix("link", path: sourcePath) }
            defer { unlink(temporary) }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard rename(temporary, "\(directory)/\(location.name)") == 0 else {
                throw StorageError.posix("rename", path: temporary)
            }
            Self.syncDirectory(directory)
        }
    }

    /// Objects are never changed in place, so the linked file is the object as it is now, for good.
    public func link(_ key: String, to path: String) async throws -> Bool {
        let source = try self.path(of: key)
        return try await NIOThreadPool.singleton.runIfActive {
            if Glibc.link(source, path) == 0 { return true }
            switch errno {
            case EXDEV, EPERM, EMLINK: return false
            default: throw StorageError.posix("link", path: source)
            }
        }
    }

    /// Removes temporary files older than `age` that interrupted writes left behind; returns how many.
    public func removeAbandonedWrites(olderThan age: Duration = .seconds(3600)) throws -> Int {
        let directory = "\(root)/\(Self.temporaryDirectory)"
        let cutoff = Date.now.addingTimeInterval(-Double(age.components.seconds))
        var removed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = "\(directory)/\(name)"
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            if let modified, modified < cutoff, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    func path(of key: String) throws(StorageError) -> String {
        let location = try Self.location(of: key)
        return "\(root)/\(location.directory)/\(location.name)"
    }

    static func info(key: String, path: String, size: Int64) throws -> BlobInfo {
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        return BlobInfo(key: key, size: size, lastModified: modified ?? .now)
    }

    /// Makes a rename in `directory` durable.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
