extension TagPipeline {
    /// Progressive JPEGs cost far more to shrink (libjpeg keeps every coefficient of the picture until the last scan,
    /// and cannot skip detail it will not show): half the pixel limit for them.
    public var progressivePixelLimit: Int { maxPixels / 2 }

    /// Why this tag refuses an image with `header`, checked before any decoding; nil when it is within limits.
    public func refusal(for header: ImageHeader) -> String? {
        if header.width <= 0 || header.height <= 0 {
            return "the image declares \(header.width) × \(header.height) pixels"
        }
        if max(header.width, header.height) > maxSide {
            return "\(header.width) × \(header.height) pixels exceeds the \(maxSide) px side limit of \(tag)"
        }
        if header.pixels > maxPixels {
            return "\(header.width) × \(header.height) pixels exceeds the \(maxPixels) pixel limit of \(tag)"
        }
        if header.progressive, header.pixels > progressivePixelLimit {
            return
                "a progressive JPEG of \(header.width) × \(header.height) pixels exceeds the \(progressivePixelLimit) pixel limit of \(tag) for progressive JPEGs"
        }
        if let frames = header.frames, frames > maxFrames {
            return "\(frames) frames exceeds the \(maxFrames) frame limit of \(tag)"
        }
        return nil
    }
}
