import Foundation
import NIOCore
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
