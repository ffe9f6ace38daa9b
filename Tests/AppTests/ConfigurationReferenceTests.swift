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

    @Test func everyKeyHasASection() {
        let prefixes = Set(ConfigurationReference.sections.map(\.prefix))
        let orphans = ConfigurationKeys.all.filter { !prefixes.contains(String($0.name.prefix { $0 != "." })) }
        #expect(orphans.map(\.name) == [])
        let text = ConfigurationReference.markdown()
        for key in ConfigurationKeys.all { #expect(text.contains("| `\(key.name)` |")) }
    }
}
