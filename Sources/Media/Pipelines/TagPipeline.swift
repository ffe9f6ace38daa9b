/// What one upload tag (attachments, avatars, …) accepts and what the media workers make of each upload, read
/// from `Pipelines/TAG.toml`.
public struct TagPipeline: Sendable, Equatable {
    /// The tag as it appears in URLs (`/autumn/{tag}`).
    public var tag: String
    /// Largest upload in bytes (`FileTooLarge` above it).
    public var maxSize: Int
    /// Kinds accepted (`FileTypeNotAllowed` for others).
    public var accept: Set<MediaKind>
    /// Largest picture per frame, in pixels, checked from the header before any decoding.
    public var maxPixels: Int
    /// Longest side of a picture, in pixels.
    public var maxSide: Int
    /// Most frames of an animation.
    public var maxFrames: Int
    /// The renditions to make, in order; the first is the preview `GET /{tag}/{id}` serves.
    public var variants: [VariantSpec]

    public init(
        tag: String,
        maxSize: Int,
        accept: Set<MediaKind>,
        maxPixels: Int = 50_000_000,
        maxSide: Int = 10_000,
        maxFrames: Int = 1_000,
        variants: [VariantSpec]
    ) {
        self.tag = tag
        self.maxSize = maxSize
        self.accept = accept
        self.maxPixels = maxPixels
        self.maxSide = maxSide
        self.maxFrames = maxFrames
        self.variants = variants
    }

    /// The variant `GET /{tag}/{id}` serves.
    public var preview: VariantSpec? { variants.first }
}
