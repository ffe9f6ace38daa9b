/// A preview size made when first asked for (`?width=300` with no stored variant near it), rounded up to a small
/// fixed set of sides so that the number of sizes an object can ever have is bounded, whatever clients ask: at most
/// 10 widths alone, 10 heights alone and 100 boxes per object and tag.
public struct OnDemandSize: Sendable, Equatable, Codable {
    /// Rounded sides, in pixels.
    public var width: Int?
    public var height: Int?

    /// The sides a request is rounded up to; a request above the largest gets the largest.
    public static let sides = [32, 64, 128, 256, 384, 512, 768, 1024, 1536, 2048]

    public init(width: Int?, height: Int?) {
        self.width = width
        self.height = height
    }

    /// The rounded size for a box asked for; nil when neither side is given.
    public init?(rounding width: Int?, _ height: Int?) {
        guard width != nil || height != nil else { return nil }
        func rounded(_ side: Int?) -> Int? {
            side.map { side in Self.sides.first { $0 >= side } ?? Self.sides.last! }
        }
        self.init(width: rounded(width), height: rounded(height))
    }

    /// The variant's name after the tag: `w384`, `h256`, `w512h512`.
    public var name: String {
        (width.map { "w\($0)" } ?? "") + (height.map { "h\($0)" } ?? "")
    }

    /// Whether this is one of the rounded sizes, so a job can refuse anything else.
    public var isRounded: Bool {
        (width != nil || height != nil) && (width.map(Self.sides.contains) ?? true)
            && (height.map(Self.sides.contains) ?? true)
    }
}
