import HTTPSupport
import Storage

/// Autumn's resize parameters on `GET /{tag}/{id}` (`width`, `height`, `max_side`, `size` for a square), read into
/// the box the client wants, and the choice of a stored variant for it. Previews are never larger than the
/// original, so a box larger than every variant gets the largest.
struct PreviewRequest: Equatable {
    var width: Int?
    var height: Int?

    static let largestSide = 10_000

    init(width: Int? = nil, height: Int? = nil) {
        self.width = width
        self.height = height
    }

    /// Reads the parameters; throws `InvalidRequest` for one that is not a whole number from 1 to 10,000.
    init(query: (String) -> String?) throws(FileServerError) {
        func side(_ name: String) throws(FileServerError) -> Int? {
            guard let text = query(name) else { return nil }
            guard let value = Int(text), (1...Self.largestSide).contains(value) else {
                throw .invalidRequest("`\(name)` must be a whole number from 1 to \(Self.largestSide)")
            }
            return value
        }
        let width = try side("width")
        let height = try side("height")
        if let size = try side("size") {
            self.init(width: size, height: size)
        } else if let maxSide = try side("max_side") {
            self.init(width: maxSide, height: maxSide)
        } else {
            self.init(width: width, height: height)
        }
    }

    var isDefault: Bool { width == nil && height == nil }

    /// The variant to serve among `variants` (the tag's own, by name): the default preview when no size was asked
    /// for, otherwise the smallest that covers the asked box, or the largest when none does.
    func choose(from variants: [String: StoredVariant], names: [String]) -> (name: String, variant: StoredVariant)? {
        let candidates = names.compactMap { name in variants[name].map { (name: name, variant: $0) } }
        guard !isDefault else { return candidates.first }
        func covers(_ variant: StoredVariant) -> Bool {
            (width.map { (variant.width ?? 0) >= $0 } ?? true) && (height.map { (variant.height ?? 0) >= $0 } ?? true)
        }
        func area(_ variant: StoredVariant) -> Int { (variant.width ?? 0) * (variant.height ?? 0) }
        if let covering = candidates.filter({ covers($0.variant) }).min(by: { area($0.variant) < area($1.variant) }) {
            return covering
        }
        return candidates.max(by: { area($0.variant) < area($1.variant) })
    }
}
