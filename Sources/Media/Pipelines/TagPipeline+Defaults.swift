extension TagPipeline {
    /// Autumn's tags with its limits and preview sizes (WebP quality 80), plus a small still `thumb` for
    /// attachments. `Pipelines/` spells these out; a tag without a file there uses its default.
    public static let defaults: [TagPipeline] = [
        TagPipeline(
            tag: "attachments", maxSize: 20_000_000, accept: Set(MediaKind.allCases),
            variants: [
                VariantSpec(name: "preview", width: 1280, height: 1280, animated: true),
                VariantSpec(name: "thumb", width: 320, height: 320, quality: 75),
            ]
        ),
        TagPipeline(
            tag: "avatars", maxSize: 4_000_000, accept: [.image],
            variants: [
                VariantSpec(name: "preview", fit: .square, crop: .attention, width: 128, height: 128, animated: true)
            ]
        ),
        TagPipeline(
            tag: "backgrounds", maxSize: 6_000_000, accept: [.image],
            variants: [VariantSpec(name: "preview", fit: .cover, crop: .attention, width: 1280, height: 720)]
        ),
        TagPipeline(
            tag: "icons", maxSize: 2_500_000, accept: [.image],
            variants: [
                VariantSpec(name: "preview", fit: .square, crop: .attention, width: 128, height: 128, animated: true)
            ]
        ),
        TagPipeline(
            tag: "banners", maxSize: 6_000_000, accept: [.image],
            variants: [VariantSpec(name: "preview", width: 480, height: 480, animated: true)]
        ),
        TagPipeline(
            tag: "emojis", maxSize: 500_000, accept: [.image],
            variants: [VariantSpec(name: "preview", width: 128, height: 128, animated: true)]
        ),
    ]
}
