import Media
import NIOPosix
import Storage

extension MediaProcessor {
    /// Runs `media.resize`: makes one rounded on-demand size of a processed file's preview (same format, quality
    /// and animation as the tag's preview, fitted inside the size, never enlarged), stores it as the variant
    /// `TAG.NAME` beside the pre-made ones and answers it. A size already stored is answered as it is.
    public func resize(_ job: MediaResize) async throws -> StoredVariant {
        guard job.size.isRounded else { throw MediaFailure(description: "\(job.size.name) is not a rounded size") }
        guard let file = try await metadata.file(id: job.fileID), file.hash == job.hash,
            let pipeline = pipelines[job.tag], let preview = pipeline.preview,
            let object = try await metadata.object(hash: job.hash)
        else { throw MediaFailure(description: "no such file, tag or object") }
        let name = Self.variantName(tag: job.tag, name: job.size.name)
        if let existing = object.variants[name] { return existing }

        let work = try WorkDirectory(prefix: "dcn-media")
        defer { work.remove() }
        let kind = FileKind(metadata: file.metadata)
        guard
            let picture = try await preparePicture(
                kind: kind, file: file, object: object, pipeline: pipeline, in: work)
        else { throw MediaFailure(description: "the file has no picture to resize") }
        try await stripOriginal(of: picture)
        var spec = preview
        spec.name = job.size.name
        spec.fit = .fit
        spec.width = job.size.width ?? Self.unboundedSide
        spec.height = job.size.height ?? Self.unboundedSide
        let made = try await render([spec], from: picture, hash: object.hash, tag: job.tag, in: work).made
        _ = try await metadata.addVariants(made, hash: object.hash)
        guard let variant = made[name] else { throw MediaFailure(description: "no variant was made") }
        return variant
    }

    /// The side given to libvips for a side the request left free.
    static let unboundedSide = 100_000
}
