/// What an image's header says, read without decoding any pixels.
public struct ImageHeader: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// More than one frame (animated GIF, APNG, animated WebP).
    public var animated: Bool
    /// Frames, when the header states them (APNG's `acTL`); nil when only a full read would tell (GIF, WebP).
    public var frames: Int?
    /// A progressive JPEG, far costlier to shrink than a baseline one.
    public var progressive: Bool
    /// EXIF orientation 1–8 (JPEG), 1 when absent.
    public var orientation: Int
    /// Samples per pixel once decoded, when the header states them: a JPEG's components (1 grey, 3 colour, 4 CMYK),
    /// a PNG's channels (a palette decodes to 4).
    public var components: Int?
    /// 16 bits per sample (PNG); 8 otherwise.
    public var sixteenBit: Bool
    /// An interlaced PNG (Adam7): decoders hold the whole picture until its last pass.
    public var interlaced: Bool

    public init(
        width: Int,
        height: Int,
        animated: Bool = false,
        frames: Int? = nil,
        progressive: Bool = false,
        orientation: Int = 1,
        components: Int? = nil,
        sixteenBit: Bool = false,
        interlaced: Bool = false
    ) {
        self.width = width
        self.height = height
        self.animated = animated
        self.frames = frames
        self.progressive = progressive
        self.orientation = orientation
        self.components = components
        self.sixteenBit = sixteenBit
        self.interlaced = interlaced
    }

    public var pixels: Int { width.multipliedReportingOverflow(by: height).overflow ? .max : width * height }

    /// Width and height as shown, after EXIF orientation (5–8 turn the picture a quarter).
    public var displayWidth: Int { orientation >= 5 ? height : width }
    public var displayHeight: Int { orientation >= 5 ? width : height }
}
