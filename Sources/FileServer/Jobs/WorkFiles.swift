import Foundation
import NIOCore
import NIOPosix
import Storage

/// The first and last bytes of a file and its size, for the truncation check.
enum FileEnds {
    static func read(_ path: String) throws -> (head: [UInt8], tail: [UInt8], size: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StorageError.notFound(path) }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        let head = Array(try handle.read(upToCount: 16) ?? Data())
        try handle.seek(toOffset: UInt64(max(0, size - 16)))
        let tail = Array(try handle.read(upToCount: 16) ?? Data())
        return (head, tail, size)
    }
}

/// A work file's bytes in 1 MiB chunks, read on NIO's blocking pool, for storing a file too large to hold whole.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        var offset: UInt64 = 0

        mutating func next() async throws -> ByteBuffer? {
            let (path, offset) = (path, offset)
            let data = try await NIOThreadPool.singleton.runIfActive { () throws -> Data in
                guard let handle = FileHandle(forReadingAtPath: path) else { throw StorageError.notFound(path) }
                defer { try? handle.close() }
                try handle.seek(toOffset: offset)
                return try handle.read(upToCount: 1 << 20) ?? Data()
            }
            guard !data.isEmpty else { return nil }
            self.offset += UInt64(data.count)
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(path: path) }
}
