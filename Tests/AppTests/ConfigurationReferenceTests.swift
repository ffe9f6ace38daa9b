import Foundation
import Testing

@testable import App

/// `docs/configuration.md` is the key registry written out: it fails here as soon as the two differ.
@Suite struct ConfigurationReferenceTests {
    @Test func theReferenceInDocsIsTheRegistryWrittenOut() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/configuration.md").path
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            onDisk == ConfigurationReference.markdown(),
            "docs/configuration.md is stale: run `make docs` (discordination config docs > docs/configuration.md)")
    }

    @Test func everyKeyStandsInOneSection() {
        let names = ConfigurationKeys.sections.flatMap { $0.keys.map(\.name) }
        #expect(names.count == Set(names).count, "a key named in two sections")
        let text = ConfigurationReference.markdown()
        for key in ConfigurationKeys.all { #expect(text.contains("| `\(key.name)` |")) }
    }
}
