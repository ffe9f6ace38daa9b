import CVipsShim

/// Reads what libvips' loader says about an image file without decoding its pixels.
public enum ImageFile {
    public struct Header: Sendable, Equatable {
        /// The size of one frame.
        public var width: Int
        public var height: Int
        /// Frames in the file (1 for a still picture).
        public var frames: Int
    }

    /// Blocks while the loader reads the header (a GIF's frames are counted by walking its blocks); run it on a
    /// thread pool.
    public static func header(path: String) throws -> Header {
        try MediaLibraries.start()
        var header = dcn_vips_header()
        guard dcn_vips_header_read(path, "fail_on=error", &header) == 0 else {
            throw VariantRenderError.fromLibvips()
        }
        return Header(width: Int(header.width), height: Int(header.height), frames: max(1, Int(header.pages)))
    }

    /// How many leading frames of an animation to keep: at most `maxFrames`, and at most `maxPixels` summed over
    /// the kept frames, so a long or huge animation makes a bounded preview rather than an unbounded one.
    public static func framesToKeep(_ header: Header, maxFrames: Int, maxPixels: Int) -> Int {
        let perFrame = max(1, header.width * header.height)
        return max(1, min(header.frames, maxFrames, maxPixels / perFrame))
    }
}

extension VariantRenderError {
    /// libvips' last error as a render error, clearing libvips' error buffer.
    static func fromLibvips() -> VariantRenderError {
        let reason = String(cString: dcn_vips_error_buffer())
        dcn_vips_error_clear()
        return VariantRenderError(description: reason.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
