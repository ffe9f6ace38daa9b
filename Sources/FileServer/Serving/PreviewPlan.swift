import Storage

/// What the preview route does for a request: serve a stored variant, or have a rounded size made (serving the
/// fallback, the nearest stored one, if that cannot be done in time).
enum PreviewPlan: Equatable {
    case serve(String)
    case resize(OnDemandSize, fallback: String?)
    case none

    /// Decides for a file whose processing is done. `original` is the picture's size when known (image and video
    /// metadata); without it no size is made and the nearest stored variant is served.
    ///
    /// A stored variant is served when it is what a resize would make (the picture fitted inside the rounded size,
    /// never enlarged), or when it covers the box asked for without exceeding that; otherwise the rounded size is
    /// made once and kept.
    static func decide(
        _ request: PreviewRequest, variants: [String: StoredVariant], tag: String, pipelineNames: [String],
        original: (width: Int, height: Int)?
    ) -> PreviewPlan {
        let onDemand = variants.keys.filter { $0.hasPrefix("\(tag).") && !pipelineNames.contains($0) }.sorted()
        let names = pipelineNames + onDemand
        let chosen = request.choose(from: variants, names: request.isDefault ? pipelineNames : names)
        guard !request.isDefault, let size = OnDemandSize(rounding: request.width, request.height) else {
            return chosen.map { .serve($0.name) } ?? .none
        }
        guard let original, original.width > 0, original.height > 0 else {
            return chosen.map { .serve($0.name) } ?? .none
        }
        let expected = fitted(original, into: size)
        if let chosen {
            let width = chosen.variant.width ?? 0
            let height = chosen.variant.height ?? 0
            let isWhatResizeMakes = abs(width - expected.width) <= 1 && abs(height - expected.height) <= 1
            let coversWithinRounding =
                (request.width.map { width >= $0 } ?? true) && (request.height.map { height >= $0 } ?? true)
                && width <= expected.width + 1 && height <= expected.height + 1
            if isWhatResizeMakes || coversWithinRounding { return .serve(chosen.name) }
        }
        return .resize(size, fallback: chosen?.name)
    }

    /// The size libvips gives a picture fitted inside `size` (free sides unbounded), never enlarged.
    static func fitted(_ original: (width: Int, height: Int), into size: OnDemandSize) -> (width: Int, height: Int) {
        let scales = [
            size.width.map { Double($0) / Double(original.width) },
            size.height.map { Double($0) / Double(original.height) },
        ].compactMap { $0 }
        let scale = min(1, scales.min() ?? 1)
        return (
            max(1, Int((Double(original.width) * scale).rounded())),
            max(1, Int((Double(original.height) * scale).rounded()))
        )
    }
}
