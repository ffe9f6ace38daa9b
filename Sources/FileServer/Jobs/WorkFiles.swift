import Foundation
import NIOCore
import Storage

/// A private temporary directory for one job's files (the downloaded original, a poster, a cover), removed with
/// everything in it when the job ends.
struct WorkDirectory {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "dcn-media-\(FileID.make(length: 16))"
        try FileManager.default.createDirectory(
            atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700]
        )
    }

    func path(_ name: String) -> String { root + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// One buffer as a byte stream, for storing bytes that are already whole.
struct SingleBuffer: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffer: ByteBuffer

    init(_ buffer: ByteBuffer) { self.buffer = buffer }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        mutating func next() async throws -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }
}

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
