import CVipsShim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes the version of an uploaded picture that is served as its original: without metadata (GPS position,
/// camera serial numbers, comments), turned upright as its EXIF orientation says (so phone photos do not come out
/// rotated once the tag is gone). JPEG, PNG and WebP that need no turning, and animations, have their metadata
/// segments dropped without re-encoding (no quality lost, colour profiles kept, and far cheaper), along with any
/// bytes after the picture's end (for PNG, the "acropalypse" remains of a larger screenshot). AVIF, TIFF and
/// pictures that must be turned are re-encoded with libvips at high quality, colours converted to sRGB when a
/// profile was embedded (a PNG re-encode drops trailing bytes just the same).
/// Blocks: run it on a thread pool.
public enum OriginalStripper {
    /// The types whose originals are stripped; others (GIF, video, audio, documents) are served as uploaded.
    public static let strippedTypes: Set<String> = [
        "image/jpeg", "image/png", "image/avif", "image/tiff", "image/webp",
    ]

    public static func strips(_ contentType: String) -> Bool { strippedTypes.contains(contentType) }

    /// JPEG, WebP and AVIF quality of the re-encoded original.
    public static let quality = 92

    /// The stripped file, or nil for a type that is not stripped. `orientation` is the EXIF orientation the caller's
    /// probe read (`ImageHeaderProbe.probe(path:contentType:)` follows a JPEG's segments however far its frame lies).
    public static func strip(
        path: String, contentType: String, animated: Bool, orientation: Int
    ) throws -> StrippedOriginal? {
        guard strips(contentType) else { return nil }
        if !reencodes(contentType: contentType, animated: animated, orientation: orientation) {
            let filter =
                switch contentType {
                case "image/png": MetadataChunkFilter.png
                case "image/webp": MetadataChunkFilter.webp
                default: MetadataChunkFilter.jpeg
                }
            return try filtered(path: path, contentType: contentType, filter: filter)
        }
        let format: Int32 =
            switch contentType {
            case "image/jpeg": Int32(DCN_VIPS_JPEG)
            case "image/png": Int32(DCN_VIPS_PNG)
            case "image/avif": Int32(DCN_VIPS_AVIF)
            case "image/tiff": Int32(DCN_VIPS_TIFF)
            default: Int32(DCN_VIPS_WEBP)
            }
        try MediaLibraries.start()
        var output = dcn_vips_variant()
        guard dcn_vips_strip_save(path, "fail_on=error", format, Int32(quality), &output) == 0 else {
            throw VariantRenderError.fromLibvips()
        }
        defer { dcn_vips_free(output.data) }
        return StrippedOriginal(
            file: SplicedFile(whole: Array(UnsafeRawBufferPointer(start: output.data, count: output.length))),
            width: Int(output.width), height: Int(output.height))
    }

    /// Whether a stripped type is decoded and encoded again, rather than filtered: AVIF and TIFF always, a JPEG,
    /// PNG or still WebP only when it must be turned upright.
    public static func reencodes(contentType: String, animated: Bool, orientation: Int) -> Bool {
        switch contentType {
        case "image/png", "image/webp": !animated && orientation != 1
        case "image/jpeg": orientation != 1
        default: true
        }
    }

    /// The file read whole once; what the filter keeps is stored from that copy.
    static func filtered(
        path: String, contentType: String, filter: ([UInt8]) -> SplicedFile?
    ) throws -> StrippedOriginal {
        let bytes = try readWhole(path)
        guard let stripped = filter(bytes) else {
            throw VariantRenderError(description: "the \(contentType) file's chunks are malformed")
        }
        let header = ImageHeaderProbe.probe(stripped.prefix(1 << 16), contentType: contentType)
        return StrippedOriginal(file: stripped, width: header?.width ?? 0, height: header?.height ?? 0)
    }

    /// A file's bytes read straight into one array, so reading it costs its size once (`DecodeCost.filtering`), not
    /// a `Data` and its copy. A file that cannot be read throws a `POSIXError`: the job is retried, not failed.
    static func readWhole(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let size = Int(status.st_size)
        guard size > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if read < 0 && errno == EINTR { continue }
                guard read >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                if read == 0 { break }
                count += read
            }
        }
    }
}

/// An original without its metadata, as `OriginalStripper` made it.
public struct StrippedOriginal: Sendable, Equatable {
    public var file: SplicedFile
    public var width: Int
    public var height: Int
}
