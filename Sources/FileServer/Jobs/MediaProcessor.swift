import Foundation
import Logging
import Media
import NIOCore
import NIOPosix
import Storage

/// Runs `media.process`: makes the tag's variants of an uploaded image with libvips, stores them under the object's
/// hash and marks every file of that object and tag `ready`, or `failed` with libvips' reason when the image cannot
/// be decoded (a failed file stays downloadable as it is). Idempotent: variants already stored are not made again,
/// and their keys are the same on every run. Other kinds are marked `ready` as they are for now: their posters and
/// covers come with the video and audio work.
public struct MediaProcessor: Sendable {
    let blobs: any BlobStore
    let metadata: MetadataStore
    let pipelines: PipelineCatalog
    let logger: Logger

    public init(blobs: any BlobStore, metadata: MetadataStore, pipelines: PipelineCatalog, logger: Logger) {
        self.blobs = blobs
        self.metadata = metadata
        self.pipelines = pipelines
        self.logger = logger
    }

    /// The key a variant is stored and listed under: `TAG.NAME`, since one object may be uploaded under several tags.
    public static func variantName(tag: String, name: String) -> String { "\(tag).\(name)" }

    public func process(_ job: MediaProcess) async throws {
        guard let file = try await metadata.file(id: job.fileID), !file.deleted else { return }
        guard let pipeline = pipelines[job.tag], let object = try await metadata.object(hash: job.hash) else {
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .failed, error: "no such tag or object")
            return
        }
        guard FileKind(metadata: file.metadata) == .image else {
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .ready)
            return
        }
        let missing = pipeline.variants.filter {
            object.variants[Self.variantName(tag: job.tag, name: $0.name)] == nil
        }
        if !missing.isEmpty {
            let animated = file.metadata.contains(#""animated":true"#)
            do {
                let made = try await render(missing, of: object, tag: job.tag, animated: animated)
                _ = try await metadata.addVariants(made, hash: job.hash)
            } catch let error as VariantRenderError {
                logger.notice(
                    "an upload could not be processed", metadata: ["file": "\(file.id)", "reason": "\(error)"]
                )
                try await metadata.setProcessing(hash: job.hash, tag: job.tag, .failed, error: error.description)
                return
            }
        }
        try await metadata.setProcessing(hash: job.hash, tag: job.tag, .ready)
    }

    /// Fetches the original into a temporary file (libvips shrinks on load from a file) and makes each variant on
    /// NIO's blocking pool, storing each as it is made.
    func render(
        _ specs: [VariantSpec], of object: StoredObject, tag: String, animated: Bool
    ) async throws
        -> [String: StoredVariant]
    {
        let path = NSTemporaryDirectory() + "dcn-media-\(FileID.make(length: 16))"
        try await download(object.storageKey, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // libvips' shrink-on-load only warns about a cut-off file and fills in grey; refuse it instead.
        let ends = try await NIOThreadPool.singleton.runIfActive { try FileEnds.read(path) }
        if let reason = TruncationCheck.reason(
            contentType: object.contentType, head: ends.head, tail: ends.tail,
            size: ends.size)
        {
            throw VariantRenderError(description: reason)
        }
        var made: [String: StoredVariant] = [:]
        for spec in specs {
            let rendered = try await NIOThreadPool.singleton.runIfActive {
                try VariantRenderer.render(path: path, spec: spec, animated: animated)
            }
            let name = Self.variantName(tag: tag, name: spec.name)
            let key = "variants/\(object.hash)/\(name).\(spec.format.rawValue)"
            let body = ByteBuffer(bytes: rendered.bytes)
            _ = try await blobs.put(SingleBuffer(body), key: key, contentType: rendered.contentType)
            made[name] = StoredVariant(
                key: key, contentType: rendered.contentType, size: Int64(rendered.bytes.count),
                width: rendered.width, height: rendered.height
            )
        }
        return made
    }

    /// Streams a blob into a new file, writing on NIO's blocking pool.
    func download(_ key: String, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw StorageError.unreachable("cannot create \(path)") }
        defer { try? handle.close() }
        for try await chunk in try await blobs.get(key, range: nil).body {
            let data = Data(chunk.readableBytesView)
            try await NIOThreadPool.singleton.runIfActive { try handle.write(contentsOf: data) }
        }
    }
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
