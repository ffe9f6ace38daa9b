/// One rendition a tag's pipeline makes of each upload (a preview, a thumbnail).
public struct VariantSpec: Sendable, Equatable {
    /// How the picture is brought into the `width` × `height` box.
    public enum Fit: String, Sendable, CaseIterable {
        /// Scaled down to fit inside the box, aspect ratio kept, never enlarged.
        case fit
        /// Scaled to cover the box, then cropped to it.
        case cover
        /// Cropped to a square first, then scaled to `width` (`height` must equal it).
        case square
    }

    /// Which part is kept when cropping.
    public enum Crop: String, Sendable, CaseIterable {
        /// libvips' attention strategy: the most interesting region (edges, skin tones, saturation).
        case attention
        case centre
    }

    public enum Format: String, Sendable, CaseIterable {
        case webp
        case avif
        case jpeg

        public var contentType: String {
            switch self {
            case .webp: "image/webp"
            case .avif: "image/avif"
            case .jpeg: "image/jpeg"
            }
        }
    }

    /// Names the variant in blob keys and URLs: 1–32 of `a-z 0-9 _ -`.
    public var name: String
    public var fit: Fit
    public var crop: Crop
    public var width: Int
    public var height: Int
    public var format: Format
    /// Encoder quality, 1–100.
    public var quality: Int
    /// Keep every frame of an animated input (WebP only); false takes the first frame.
    public var animated: Bool

    public init(
        name: String,
        fit: Fit = .fit,
        crop: Crop = .centre,
        width: Int,
        height: Int,
        format: Format = .webp,
        quality: Int = 80,
        animated: Bool = false
    ) {
        self.name = name
        self.fit = fit
        self.crop = crop
        self.width = width
        self.height = height
        self.format = format
        self.quality = quality
        self.animated = animated
    }
}
