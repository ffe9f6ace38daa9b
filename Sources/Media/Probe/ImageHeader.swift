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

    public init(
        width: Int,
        height: Int,
        animated: Bool = false,
        frames: Int? = nil,
        progressive: Bool = false,
        orientation: Int = 1
    ) {
        self.width = width
        self.height = height
        self.animated = animated
        self.frames = frames
        self.progressive = progressive
        self.orientation = orientation
    }

    public var pixels: Int { width.multipliedReportingOverflow(by: height).overflow ? .max : width * height }

    /// Width and height as shown, after EXIF orientation (5–8 turn the picture a quarter).
    public var displayWidth: Int { orientation >= 5 ? height : width }
    public var displayHeight: Int { orientation >= 5 ? width : height }
}
