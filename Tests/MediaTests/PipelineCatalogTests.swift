import Foundation
import Testing

@testable import Media

/// `Pipelines/`: the files in the repository are the defaults, and every bad file is refused naming its key.
@Suite struct PipelineCatalogTests {
    static let repositoryPipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Pipelines").path

    func directory(_ files: [String: String]) throws -> String {
        let path = "/tmp/dcn-pipelines-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8) }
        return path
    }

    func refusal(_ text: String, file: String = "avatars.toml") throws -> PipelineError? {
        let path = try directory([file: text])
        return #expect(throws: PipelineError.self) { try PipelineCatalog.load(directory: path) }
    }

    @Test func theRepositoryFilesSpellOutTheDefaults() throws {
        let catalog = try PipelineCatalog.load(directory: Self.repositoryPipelines)
        #expect(catalog == PipelineCatalog.defaults)
        #expect(catalog.tags == ["attachments", "avatars", "backgrounds", "banners", "emojis", "icons"])
        #expect(catalog["attachments"]?.accept == Set(MediaKind.allCases))
        #expect(catalog["emojis"]?.maxSize == 500_000)
        #expect(catalog["backgrounds"]?.preview?.width == 1280)
        #expect(catalog["backgrounds"]?.preview?.height == 720)
    }

    @Test func aMissingDirectoryGivesTheDefaultsAndAFileReplacesItsTag() throws {
        #expect(try PipelineCatalog.load(directory: "/tmp/dcn-no-such-pipelines") == .defaults)
        let path = try directory([
            "avatars.toml": "max_size = 1000\n[[variants]]\nname = \"small\"\nwidth = 64\nheight = 64\n",
            "stickers.toml": "accept = [\"image\"]\n",
            "README.md": "not a pipeline",
        ])
        let catalog = try PipelineCatalog.load(directory: path)
        #expect(catalog["avatars"]?.maxSize == 1000)
        #expect(catalog["avatars"]?.variants.map(\.name) == ["small"])
        #expect(catalog["avatars"]?.accept == [.image])
        #expect(catalog["stickers"]?.variants == [])
        #expect(catalog["attachments"] == PipelineCatalog.defaults["attachments"])
    }

    @Test func badFilesAreRefusedNamingPathAndKey() throws {
        let cases: [(String, String, String)] = [
            ("max_size = \"big\"", "max_size", "must be an integer"),
            ("max_size = 0", "max_size", "must be 1 to"),
            ("accept = [\"image\", \"pdf\"]", "accept", "unknown kind 'pdf'"),
            ("accept = []", "accept", "must name a kind"),
            ("qualiti = 80", "qualiti", "is not a pipeline key"),
            ("[[variants]]\nwidth = 10\nheight = 10", "variants[0].name", "is required"),
            ("[[variants]]\nname = \"a\"\nwidth = 10\nheight = 10\nquality = 120", "variants[0].quality", "1 to 100"),
            ("[[variants]]\nname = \"a\"\nfit = \"stretch\"\nwidth = 1\nheight = 1", "variants[0].fit", "one of fit"),
            (
                "[[variants]]\nname = \"a\"\nfit = \"square\"\nwidth = 10\nheight = 20", "variants[0].height",
                "equal width"
            ),
            (
                "[[variants]]\nname = \"a\"\nwidth = 1\nheight = 1\nformat = \"jpeg\"\nanimated = true",
                "variants[0].animated", "webp"
            ),
            (
                "[[variants]]\nname = \"a\"\nwidth = 1\nheight = 1\n[[variants]]\nname = \"a\"\nwidth = 2\nheight = 2",
                "variants[1].name", "named twice"
            ),
            ("[[variants]]\nname = \"A B\"\nwidth = 1\nheight = 1", "variants[0].name", "a-z 0-9"),
            ("tag = \"../etc\"", "tag", "a-z 0-9"),
            ("max_size = [", "", "not valid TOML"),
        ]
        for (text, key, reason) in cases {
            let error = try refusal(text)
            #expect(error?.key == key, "\(text)")
            #expect(error?.description.contains(reason) == true, "\(text): \(String(describing: error))")
            #expect(error?.path.hasSuffix("/avatars.toml") == true)
        }
    }

    @Test func twoFilesCannotDefineOneTag() throws {
        let path = try directory(["a.toml": "tag = \"shared\"", "b.toml": "tag = \"shared\""])
        let error = #expect(throws: PipelineError.self) { try PipelineCatalog.load(directory: path) }
        #expect(error?.description.contains("also defined by") == true)
    }
}
