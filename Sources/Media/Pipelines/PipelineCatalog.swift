import Foundation

/// Every tag's pipeline: the defaults, overridden and extended by the `*.toml` files of the pipelines directory
/// (`files.pipelines`). Loaded once at start-up; a bad file stops start-up.
public struct PipelineCatalog: Sendable, Equatable {
    public private(set) var pipelines: [String: TagPipeline]

    public init(_ pipelines: [TagPipeline]) {
        self.pipelines = Dictionary(pipelines.map { ($0.tag, $0) }, uniquingKeysWith: { _, last in last })
    }

    public static let defaults = PipelineCatalog(TagPipeline.defaults)

    public subscript(tag: String) -> TagPipeline? { pipelines[tag] }

    public var tags: [String] { pipelines.keys.sorted() }

    /// The defaults with each `TAG.toml` in `directory` applied (a file replaces its tag's default whole). A
    /// missing directory gives the defaults; an unreadable one or a bad file throws.
    public static func load(directory: String) throws(PipelineError) -> PipelineCatalog {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return defaults }
        guard isDirectory.boolValue else {
            throw PipelineError(path: directory, key: "", reason: "is not a directory")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PipelineError(path: directory, key: "", reason: "cannot be read: \(error.localizedDescription)")
        }
        var catalog = defaults
        var seen: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".toml") {
            let path = "\(directory)/\(name)"
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw PipelineError(path: path, key: "", reason: "cannot be read: \(error.localizedDescription)")
            }
            let pipeline = try TagPipeline(toml: text, path: path, defaultTag: String(name.dropLast(5)))
            if let other = seen[pipeline.tag] {
                throw PipelineError(path: path, key: "tag", reason: "'\(pipeline.tag)' is also defined by \(other)")
            }
            seen[pipeline.tag] = path
            catalog.pipelines[pipeline.tag] = pipeline
        }
        return catalog
    }
}
