import Foundation
import NIOCore

/// Where bytes live: uploads, their variants, mirrored media. Keys are checked by `BlobKey`; objects are
/// immutable once written (a `put` to an existing key replaces it whole, never in part).
public protocol BlobStore: Sendable {
    /// Streams `body` into the store under `key`; the size need not be known in advance. Readers never see a
    /// partial object: until this returns, `key` holds the old object or none. When `body` throws or the task
    /// is cancelled, nothing is stored.
    func put<Body: AsyncSequence>(_ body: Body, key: String, contentType: String?) async throws -> BlobInfo
    where Body.Element == ByteBuffer

    /// Streams the object, or the bytes of `range`. Throws `StorageError.notFound` when there is no such object.
    func get(_ key: String, range: BlobRange?) async throws -> BlobDownload

    /// The object's size and time, or nil when there is none.
    func head(_ key: String) async throws -> BlobInfo?

    /// Removes the object; removing one that does not exist succeeds.
    func delete(_ key: String) async throws

    /// One page of the objects whose keys start with `prefix`. Pass the page's `continuation` back for the next;
    /// the order is the backend's own but stable, so a sweep visits every object that existed throughout.
    func list(prefix: String, continuation: String?, limit: Int) async throws -> BlobPage

    /// Copies an object inside the store without passing the bytes through this process where the backend can.
    func copy(from source: String, to destination: String) async throws

    /// Gives the object a second name outside the store, `path` (a file that does not exist yet), without copying a
    /// byte: a hard link, for a disk store on the same file system. The file keeps the bytes if the object is then
    /// removed. False when the backend cannot (S3, encrypted blobs, another file system): read it with `get`.
    func link(_ key: String, to path: String) async throws -> Bool
}

extension BlobStore {
    public func link(_ key: String, to path: String) async throws -> Bool { false }
}

/// What a store knows of an object.
public struct BlobInfo: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var lastModified: Date
    public var contentType: String?

    public init(key: String, size: Int64, lastModified: Date, contentType: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.contentType = contentType
    }
}

/// A byte range as HTTP `Range` spells it: `first-last`, `first-` or `-suffixLength`.
public enum BlobRange: Sendable, Equatable {
    case bytes(ClosedRange<Int64>)
    case from(Int64)
    case suffix(Int64)

    /// The inclusive offsets this range covers in an object of `size` bytes, clamped to it; throws
    /// `StorageError.invalidRange` when it covers nothing (HTTP 416).
    public func resolved(size: Int64) throws(StorageError) -> ClosedRange<Int64> {
        let range: ClosedRange<Int64>? =
            switch self {
            case .bytes(let bytes) where bytes.lowerBound >= 0 && bytes.lowerBound < size:
                bytes.lowerBound...min(bytes.upperBound, size - 1)
            case .from(let first) where first >= 0 && first < size: first...(size - 1)
            case .suffix(let length) where length > 0 && size > 0: max(0, size - length)...(size - 1)
            default: nil
            }
        guard let range else { throw .invalidRange("\(self) is outside an object of \(size) bytes") }
        return range
    }

    /// The value of an HTTP `Range` header for this range.
    public var headerValue: String {
        switch self {
        case .bytes(let bytes): "bytes=\(bytes.lowerBound)-\(bytes.upperBound)"
        case .from(let first): "bytes=\(first)-"
        case .suffix(let length): "bytes=-\(length)"
        }
    }
}

/// An object being read: what it is, which bytes are coming, and the bytes.
public struct BlobDownload: Sendable {
    /// The whole object's key, size and time.
    public var info: BlobInfo
    /// The inclusive offsets `body` carries: the whole object when no range was asked for.
    public var range: ClosedRange<Int64>?
    public var body: BlobBody

    public init(info: BlobInfo, range: ClosedRange<Int64>?, body: BlobBody) {
        self.info = info
        self.range = range
        self.body = body
    }

    /// How many bytes `body` yields.
    public var contentLength: Int64 { range.map { $0.upperBound - $0.lowerBound + 1 } ?? info.size }
}

/// One page of a listing.
public struct BlobPage: Sendable, Equatable {
    public var objects: [BlobInfo]
    /// Pass to `list` for the next page; nil on the last one.
    public var continuation: String?

    public init(objects: [BlobInfo], continuation: String?) {
        self.objects = objects
        self.continuation = continuation
    }
}
