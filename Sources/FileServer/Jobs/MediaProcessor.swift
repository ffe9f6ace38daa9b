import Foundation
import Logging
import Media
import NIOCore
import NIOPosix
import Storage

/// Runs `media.process`: turns a stored upload into what clients display, and marks every file of that object and
/// tag `ready`, or `failed` with the reason (a failed file stays downloadable as it is).
///
/// - Images: the original is stripped of metadata and turned upright (once per object, kept as the `original`
///   variant that `GET …/{filename}` serves), then the tag's variants are made from it; animations keep a bounded
///   number of leading frames.
/// - Videos: a poster frame taken near a tenth of the duration is the picture the variants are made from.
/// - Audio: the embedded cover, if there is one.
///
/// Each picture also gets a ThumbHash placeholder in its file's metadata. Idempotent: what is stored already is not
/// made again, and keys are the same on every run.
public struct MediaProcessor: Sendable {
    let blobs: any BlobStore
    let metadata: MetadataStore
    let pipelines: PipelineCatalog
    let keepOriginals: Bool
    /// The memory this process's decoders may hold together (`files.decode_memory_mib`): each decode waits for its
    /// estimated share (`DecodeCost`), so two progressive 24-megapixel JPEGs are not decoded at once on a small
    /// budget, whatever `jobs.concurrency` is.
    let decodeBudget: MemoryBudget
    let logger: Logger

    /// Pixels summed over the frames kept for an animated preview (about 1,000 frames of 500 × 500).
    public static let animationPixelBudget = 250_000_000

    public init(
        blobs: any BlobStore, metadata: MetadataStore, pipelines: PipelineCatalog, keepOriginals: Bool = false,
        decodeBudget: MemoryBudget, logger: Logger
    ) {
        self.blobs = blobs
        self.metadata = metadata
        self.pipelines = pipelines
        self.keepOriginals = keepOriginals
        self.decodeBudget = decodeBudget
        self.logger = logger
    }

    /// The key a variant is stored and listed under: `TAG.NAME`, since one object may be uploaded under several tags.
    public static func variantName(tag: String, name: String) -> String { "\(tag).\(name)" }

    /// The variant holding the stripped original, shared by every tag.
    public static let strippedOriginal = StoredObject.strippedOriginalVariant

    public func process(_ job: MediaProcess) async throws {
        guard let file = try await metadata.file(id: job.fileID), !file.deleted else { return }
        guard let pipeline = pipelines[job.tag], let object = try await metadata.object(hash: job.hash) else {
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .failed, error: "no such tag or object")
            return
        }
        let kind = FileKind(metadata: file.metadata)
        guard [.image, .video, .audio].contains(kind) else {
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .ready)
            return
        }
        let work = try WorkDirectory(prefix: "dcn-media")
        defer { work.remove() }
        do {
            let picture = try await preparePicture(kind: kind, file: file, object: object, pipeline: pipeline, in: work)
            var updated: String? = nil
            if let picture {
                let missing = pipeline.variants.filter {
                    object.variants[Self.variantName(tag: job.tag, name: $0.name)] == nil
                }
                // The original is stripped (read, filtered, written) while the variants are rendered, so one job
                // keeps a core busy through its file work; a failed rendering still waits for it.
                // A child of the job's task: cancelled with the job, and awaited before the job ends either way.
                async let stripping: Void = picture.unstripped == nil ? () : stripOriginal(of: picture)
                let (made, smallestStill) = try await render(
                    missing, from: picture, hash: object.hash, tag: job.tag, in: work)
                try await stripping
                if !made.isEmpty { _ = try await metadata.addVariants(made, hash: job.hash) }
                if !file.metadata.contains(#""thumbhash""#) {
                    let hash = try await placeholder(
                        from: smallestStill ?? picture.path, cost: smallestStill == nil ? picture.decodeCost : nil)
                    updated = FileMetadataJSON.adding(thumbhash: hash, to: file.metadata)
                }
            }
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .ready, metadata: updated)
        } catch let error as MediaFailure {
            logger.notice("an upload could not be processed", metadata: ["file": "\(file.id)", "reason": "\(error)"])
            try await metadata.setProcessing(hash: job.hash, tag: job.tag, .failed, error: error.description)
        }
    }

    /// Makes and stores each variant on the media threads, largest first. A still variant whose box is at most half
    /// the shorter side of a still, uncropped one already made is made from that one rather than from the original:
    /// a 1280 px WebP decodes in a moment, a 24-megapixel photo does not, and shrinking it at least twofold leaves no
    /// trace of its compression. Also answers the file of the smallest still, uncropped variant, for the placeholder.
    func render(
        _ specs: [VariantSpec], from picture: Picture, hash: String, tag: String, in work: WorkDirectory
    ) async throws -> (made: [String: StoredVariant], smallestStill: String?) {
        var made: [String: StoredVariant] = [:]
        var stills: [(path: String, shorterSide: Int, pixels: Int)] = []
        for spec in specs.sorted(by: { $0.width * $0.height > $1.width * $1.height }) {
            let keepsFrames = spec.animated && picture.frames > 1
            let source =
                keepsFrames
                ? nil
                : stills.filter { $0.shorterSide >= 2 * max(spec.width, spec.height) }.min { $0.pixels < $1.pixels }
            let encoding = DecodeCost.encoding(width: spec.width, height: spec.height, of: picture.header)
            let cost = (source == nil ? picture.decodeCost : DecodeCost.base) + encoding * (keepsFrames ? 2 : 1)
            let rendered = try await decoding(cost: cost) {
                try VariantRenderer.render(
                    path: source?.path ?? picture.path, spec: spec, frames: source == nil ? picture.frames : 1)
            }
            let name = Self.variantName(tag: tag, name: spec.name)
            made[name] = try await store(rendered, key: "variants/\(hash)/\(name).\(spec.format.rawValue)")
            if spec.fit == .fit, rendered.frames == 1, spec.format != .avif {
                let path = work.path("variant-\(stills.count)")
                try Data(rendered.bytes).write(to: URL(fileURLWithPath: path))
                stills.append((path, min(rendered.width, rendered.height), rendered.width * rendered.height))
            }
        }
        return (made, stills.min { $0.pixels < $1.pixels }?.path)
    }

    /// The ThumbHash of a picture file: the smallest still, uncropped variant just rendered when there is one (a
    /// small WebP decodes in a moment), the picture itself otherwise (`cost` is then its decoding cost).
    func placeholder(from path: String, cost: Int?) async throws -> [UInt8] {
        try await decoding(cost: cost ?? DecodeCost.base) { try ThumbHash.make(path: path) }
    }

    /// Runs a blocking decode on the media threads once `cost` bytes of the decode budget are free, holding them
    /// until it returns; libvips' and libav's errors become `MediaFailure`s.
    func decoding<T: Sendable>(cost: Int, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await decodeBudget.holding(cost) {
            try await MediaThreads.pool.runIfActive { try MediaFailure.wrapping(body) }
        }
    }

    func store(_ rendered: RenderedVariant, key: String) async throws -> StoredVariant {
        _ = try await blobs.put(
            SingleBuffer(ByteBuffer(bytes: rendered.bytes)), key: key, contentType: rendered.contentType)
        return StoredVariant(
            key: key, contentType: rendered.contentType, size: Int64(rendered.bytes.count),
            width: rendered.width, height: rendered.height
        )
    }
}

/// Why an upload cannot be processed: a file libvips or libav cannot decode, or one over a limit. The file is
/// marked `failed` with this reason and the job is not retried; store failures are thrown as they are, and retried.
struct MediaFailure: Error, CustomStringConvertible {
    var description: String

    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VariantRenderError {
            throw MediaFailure(description: error.description)
        } catch let error as PosterError {
            throw MediaFailure(description: error.description)
        }
    }
}
