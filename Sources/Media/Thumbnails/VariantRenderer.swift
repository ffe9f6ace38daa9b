import CVips
import CVipsShim
import Foundation

/// One variant as encoded: its bytes and the size of a frame.
public struct RenderedVariant: Sendable, Equatable {
    public var bytes: [UInt8]
    public var width: Int
    public var height: Int
    public var frames: Int
    public var contentType: String
}

/// Why libvips could not make a variant: a truncated or corrupt file (loaded with `fail_on=error`), a format
/// whose loader is blocked as untrusted, or an encoder failure.
public struct VariantRenderError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Makes one variant of an image file with libvips: shrink-on-load thumbnail (EXIF orientation applied, sRGB),
/// cropped as the spec says, encoded with every piece of metadata stripped. Blocks the calling thread: run it on a
/// thread pool, never on Swift's cooperative threads.
public enum VariantRenderer {
    /// `frames` above 1 keeps that many leading frames of an animation, for `spec.animated` WebP variants; others
    /// take the first frame.
    public static func render(path: String, spec: VariantSpec, frames: Int = 1) throws -> RenderedVariant {
        try MediaLibraries.start()
        let width = spec.width
        let height = spec.fit == .square ? spec.width : spec.height
        let crop: Int32 =
            switch spec.fit {
            case .fit: 0
            case .cover, .square: spec.crop == .attention ? 2 : 1
            }
        let format: Int32 =
            switch spec.format {
            case .webp: Int32(DCN_VIPS_WEBP)
            case .avif: Int32(DCN_VIPS_AVIF)
            case .jpeg: Int32(DCN_VIPS_JPEG)
            }
        let animated = frames > 1 && spec.animated && spec.format == .webp
        var output = dcn_vips_variant()
        let status = dcn_vips_thumbnail_save(
            path, animated ? "fail_on=error,n=\(frames)" : "fail_on=error", Int32(width), Int32(height), crop, format,
            Int32(spec.quality), &output
        )
        guard status == 0 else { throw VariantRenderError.fromLibvips() }
        defer { dcn_vips_free(output.data) }
        let bytes = Array(UnsafeRawBufferPointer(start: output.data, count: output.length))
        return RenderedVariant(
            bytes: bytes, width: Int(output.width), height: Int(output.height), frames: Int(output.frames),
            contentType: spec.format.contentType
        )
    }
}
