import Hummingbird
import Media

/// `GET /autumn/`: Autumn's greeting, this build's version, and each tag's limits so clients can check a file before
/// sending it. The Autumn fields (`max_size`, `use_ulid`, `enabled`, `restrict_content_type`) come first; the rest
/// describe Discordination's own limits and variants.
struct ServiceInfo: ResponseEncodable {
    var autumn = "Hello, I am a file server!"
    var version: String
    var tags: [String: Tag]

    struct Tag: Encodable, Sendable {
        var maxSize: Int
        var useUlid: Bool
        var enabled = true
        var serveIfFieldPresent: [String] = []
        /// `Image` when the tag takes images only, as Autumn's configuration spells it.
        var restrictContentType: String?
        var accept: [String]
        var maxPixels: Int
        var maxSide: Int
        var maxFrames: Int
        var variants: [Variant]

        enum CodingKeys: String, CodingKey {
            case maxSize = "max_size"
            case useUlid = "use_ulid"
            case enabled
            case serveIfFieldPresent = "serve_if_field_present"
            case restrictContentType = "restrict_content_type"
            case accept
            case maxPixels = "max_pixels"
            case maxSide = "max_side"
            case maxFrames = "max_frames"
            case variants
        }
    }

    struct Variant: Encodable, Sendable {
        var name: String
        var width: Int
        var height: Int
        var format: String
    }

    init(version: String, pipelines: PipelineCatalog) {
        self.version = version
        var tags: [String: Tag] = [:]
        for name in pipelines.tags {
            guard let pipeline = pipelines[name] else { continue }
            tags[name] = Tag(
                maxSize: pipeline.maxSize,
                useUlid: name == "emojis",
                restrictContentType: pipeline.accept == [.image] ? "Image" : nil,
                accept: pipeline.accept.map(\.rawValue).sorted(),
                maxPixels: pipeline.maxPixels,
                maxSide: pipeline.maxSide,
                maxFrames: pipeline.maxFrames,
                variants: pipeline.variants.map {
                    Variant(name: $0.name, width: $0.width, height: $0.height, format: $0.format.rawValue)
                }
            )
        }
        self.tags = tags
    }
}
