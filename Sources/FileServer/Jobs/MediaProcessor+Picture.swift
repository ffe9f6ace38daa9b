import Foundation
import Media
import NIOCore
import NIOPosix
import Storage

/// The picture a file's variants are made from: a file on disk, its header, how many frames of it to keep, and the
/// memory one decode of it is expected to hold before encoding (`DecodeCost`).
struct Picture {
    var path: String
    var header: ImageHeader
    var frames: Int
    var decodeCost: Int
    /// Set when the picture is an image original not yet stripped: `stripOriginal(of:)` does it, beside the
    /// rendering.
    var unstripped: Unstripped?
}

/// What stripping an image original needs beyond its `Picture` (whose file and header it is).
struct Unstripped {
    var object: StoredObject
    var animated: Bool
    var size: Int
}

extension MediaProcessor {
    /// Fetches what is needed and returns the picture to make variants from: the (stripped) image itself, a video's
    /// poster frame, an audio file's cover; nil for audio without a cover.
    func preparePicture(
        kind: FileKind, file: FileRecord, object: StoredObject, pipeline: TagPipeline, in work: WorkDirectory
    ) async throws -> Picture? {
        let stripped = object.variants[Self.strippedOriginal]
        let input = work.path("input")
        try await download(stripped?.key ?? object.storageKey, to: input)
        let pool = MediaThreads.pool
        switch kind {
        case .image:
            let ends = try await pool.runIfActive { try FileEnds.read(input) }
            // libvips' shrink-on-load only warns about a cut-off file and fills in grey; refuse it instead.
            if stripped == nil,
                let reason = TruncationCheck.reason(
                    contentType: object.contentType, head: ends.head, tail: ends.tail, size: ends.size)
            {
                throw MediaFailure(description: reason)
            }
            let animated = file.metadata.contains(#""animated":true"#)
            let header = try await pool.runIfActive { try MediaFailure.wrapping { try ImageFile.header(path: input) } }
            // The probe knows what libvips' header does not: progressive JPEGs, interlaced PNGs.
            let contentType = object.contentType
            let probed =
                try await pool.runIfActive { ImageHeaderProbe.probe(path: input, contentType: contentType) }
                ?? ImageHeader(width: header.width, height: header.height)
            if let refusal = pipeline.refusal(for: probed) {
                throw MediaFailure(description: refusal)
            }
            let unstripped =
                stripped == nil && OriginalStripper.strips(object.contentType)
                ? Unstripped(object: object, animated: animated, size: ends.size) : nil
            let frames =
                animated
                ? ImageFile.framesToKeep(header, maxFrames: pipeline.maxFrames, maxPixels: Self.animationPixelBudget)
                : 1
            let cost = DecodeCost.shrinking(probed, contentType: object.contentType, fileSize: ends.size)
            return Picture(path: input, header: probed, frames: frames, decodeCost: cost, unstripped: unstripped)
        case .video:
            if stripped == nil { try await stripVideo(of: object, at: input, in: work) }
            let poster = work.path("poster.png")
            let size = FileKind.pictureSize(metadata: file.metadata)
            let posterHeader = ImageHeader(width: size?.width ?? 1920, height: size?.height ?? 1080)
            let cost = DecodeCost.posterFrame(width: posterHeader.width, height: posterHeader.height)
            try await decoding(cost: cost) {
                try PosterFrame.extract(videoPath: input, to: poster, maxPixels: pipeline.maxPixels)
            }
            let posterSize = try FileManager.default.attributesOfItem(atPath: poster)[.size] as? Int ?? 0
            return Picture(
                path: poster, header: posterHeader, frames: 1,
                decodeCost: DecodeCost.shrinking(posterHeader, contentType: "image/png", fileSize: posterSize))
        case .audio:
            let cover = try await decoding(cost: DecodeCost.base) {
                try CoverPicture.extract(audioPath: input, maxSize: 16 << 20)
            }
            guard let cover else { return nil }
            let type = ContentSniffer.sniff(Array(cover.prefix(64))).contentType
            guard let header = ImageHeaderProbe.probe(Array(cover.prefix(1 << 16)), contentType: type) else {
                throw MediaFailure(description: "the cover picture is not an image (\(type))")
            }
            if let refusal = pipeline.refusal(for: header) {
                throw MediaFailure(description: "the cover picture: \(refusal)")
            }
            let path = work.path("cover")
            try Data(cover).write(to: URL(fileURLWithPath: path))
            let cost = DecodeCost.shrinking(header, contentType: type, fileSize: cover.count)
            return Picture(path: path, header: header, frames: 1, decodeCost: cost)
        case .text, .file:
            return nil
        }
    }

    /// Stores the stripped original (once per object, whatever the tag) and, unless `files.keep_originals` is set,
    /// removes the untouched upload: from then on the stripped version is the object's original.
    /// The decode budget is held until the stripped file is stored: a re-encoded original is a whole picture's
    /// worth of memory until then.
    func stripOriginal(of picture: Picture) async throws {
        guard let original = picture.unstripped else { return }
        let (object, path, animated, orientation) =
            (original.object, picture.path, original.animated, picture.header.orientation)
        let contentType = object.contentType
        let cost =
            OriginalStripper.reencodes(contentType: contentType, animated: animated, orientation: orientation)
            ? DecodeCost.reencoding(picture.header, contentType: contentType, fileSize: original.size)
            : DecodeCost.filtering(fileSize: original.size, chunk: Self.storeChunkSize)
        let ext = contentType.split(separator: "/").last.map(String.init) ?? "bin"
        let key = "variants/\(object.hash)/\(Self.strippedOriginal).\(ext)"
        let variant = try await decodeBudget.holding(cost) { () async throws -> StoredVariant? in
            let stripped = try await MediaThreads.pool.runIfActive {
                try MediaFailure.wrapping {
                    try OriginalStripper.strip(
                        path: path, contentType: contentType, animated: animated, orientation: orientation)
                }
            }
            guard let stripped else { return nil }
            let chunks = SliceChunks(slices: stripped.file.slices(ofAtMost: Self.storeChunkSize))
            let info = try await blobs.put(chunks, key: key, contentType: contentType)
            return StoredVariant(
                key: key, contentType: contentType, size: info.size, width: stripped.width, height: stripped.height)
        }
        guard let variant else { return }
        try await adoptStrippedOriginal(variant, of: object)
    }

    /// Stores a video remuxed without its metadata (same container, same packets) as the stripped original, and,
    /// unless `files.keep_originals` is set, removes the untouched upload. Containers that are not remuxed (AVI) are
    /// left as uploaded.
    func stripVideo(of object: StoredObject, at path: String, in work: WorkDirectory) async throws {
        guard let muxer = VideoStripper.muxer(for: object.contentType) else { return }
        let output = work.path("stripped")
        try await MediaThreads.pool.runIfActive {
            try MediaFailure.wrapping { try VideoStripper.strip(videoPath: path, to: output, muxer: muxer) }
        }
        let ext = muxer == "matroska" ? "mkv" : muxer
        let key = "variants/\(object.hash)/\(Self.strippedOriginal).\(ext)"
        let info = try await blobs.put(FileChunks(path: output), key: key, contentType: object.contentType)
        try await adoptStrippedOriginal(
            StoredVariant(key: key, contentType: object.contentType, size: info.size), of: object)
    }

    /// Records `variant` as the object's stripped original and, unless `files.keep_originals` is set, removes the
    /// untouched upload: from then on the stripped version is the object's original.
    private func adoptStrippedOriginal(_ variant: StoredVariant, of object: StoredObject) async throws {
        guard try await metadata.addVariants([Self.strippedOriginal: variant], hash: object.hash) else { return }
        if !keepOriginals {
            try await blobs.delete(object.storageKey)
        }
    }

    /// The most bytes of a stripped original copied into one buffer on its way to the store.
    static let storeChunkSize = 1 << 20

    /// Gives a blob a name in the work directory: a hard link when the store is a disk on the same file system (no
    /// byte copied, and the job's file outlives the blob if another job removes it), else a copy streamed into a
    /// new file, written on NIO's blocking pool.
    func download(_ key: String, to path: String) async throws {
        if try await blobs.link(key, to: path) { return }
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
