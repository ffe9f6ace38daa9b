import Cleanup
import Foundation
import Storage
import TestSupport
import Testing

/// Random histories of uploads, deduplicated uploads, attaches, deletions, reports, variants and crashes between
/// the steps of an upload or of an earlier cleanup; then cleanup, twice. Whatever the history:
/// - every object a record points at, and every variant it lists, is still stored;
/// - no blob is left that nothing names (the settings here have no grace period);
/// - reported files and attached files are untouched;
/// - reference counts match the records, and a second run finds nothing to do.
@Suite struct CleanupPropertyTests {
    /// xorshift64*, so a failing seed replays the same history.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    static let seeds: [UInt64] = [1, 2, 3, 4]

    @Test(arguments: CleanupBackend.allCases, seeds)
    func randomHistoriesKeepEveryFileInUse(backend: CleanupBackend, seed: UInt64) async throws {
        try await CleanupFixture.with(backend) { fixture in
            var random = Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
            let contents: [[UInt8]] = (0..<6).map { index in
                (0..<(50 + index * 13)).map { UInt8(truncatingIfNeeded: $0 &+ index &* 57 &+ Int(seed)) }
            }
            let old = Date.now.addingTimeInterval(-3 * 3600)
            let longAgo = Date.now.addingTimeInterval(-60 * 86_400)
            var files: [String] = []
            for _ in 0..<60 {
                let step = Int.random(in: 0..<100, using: &random)
                let someFile = files.randomElement(using: &random)
                switch step {
                case 0..<35:
                    let bytes = contents.randomElement(using: &random)!
                    let file = try await fixture.upload(bytes, uploadedAt: Bool.random(using: &random) ? old : .now)
                    files.append(file.id)
                case 35..<50:
                    if let someFile {
                        _ = try await fixture.metadata.attach(
                            fileID: someFile, to: FileUsage(type: "Message", id: "m\(step)"))
                    }
                case 50..<65:
                    if let someFile {
                        _ = try await fixture.metadata.markDeleted(
                            fileID: someFile, at: Bool.random(using: &random) ? longAgo : .now)
                    }
                case 65..<72:
                    if let someFile { _ = try await fixture.metadata.setReported(fileID: someFile, true) }
                case 72..<80:
                    // An upload that crashed after storing its bytes, before its record.
                    _ = try await fixture.putOrphan(contents.randomElement(using: &random)!)
                case 80..<86:
                    // An earlier cleanup that stopped after removing a record, before freeing its object.
                    if let someFile, let file = try await fixture.metadata.file(id: someFile), file.deleted,
                        !file.reported
                    {
                        _ = try await fixture.metadata.removeFile(id: someFile)
                    }
                case 86..<94:
                    if let someFile, let file = try await fixture.metadata.file(id: someFile) {
                        _ = try await fixture.addVariant("v\(step % 3)", hash: file.hash)
                    }
                default:
                    // A media job that stored a variant and crashed before recording it.
                    if let someFile, let file = try await fixture.metadata.file(id: someFile) {
                        let key = "variants/\(file.hash)/lost\(step).webp"
                        _ = try await fixture.blobs.put(
                            SingleBuffer(.init(bytes: [1, 2, 3])), key: key, contentType: nil)
                    }
                }
            }
            let before = Dictionary(uniqueKeysWithValues: try await fixture.allFiles().map { ($0.id, $0) })

            let first = await fixture.cleaner(.immediate).run()
            #expect(first.succeeded, "\(first.errors)")
            let after = Dictionary(uniqueKeysWithValues: try await fixture.allFiles().map { ($0.id, $0) })
            let listing = try await fixture.listing()
            let objects = try await fixture.allObjects()

            for object in objects {
                #expect(listing[object.storageKey] != nil, "seed \(seed): the original of \(object.hash) is stored")
                for variant in object.variants.values {
                    #expect(listing[variant.key] != nil, "seed \(seed): variant \(variant.key) is stored")
                }
            }
            let named = Set(objects.flatMap(\.allKeys))
            #expect(Set(listing.keys).subtracting(named).isEmpty, "seed \(seed): nothing unnamed is left")
            for (id, file) in before {
                if file.reported {
                    #expect(after[id] == file, "seed \(seed): reported file \(id) is untouched")
                } else if file.usedFor != nil && !file.deleted {
                    #expect(after[id] == file, "seed \(seed): attached file \(id) is untouched")
                } else {
                    #expect(after[id] == nil, "seed \(seed): \(id) was dangling or deleted, and is gone")
                }
            }
            let hashesInUse = Set(after.values.map(\.hash))
            #expect(Set(objects.map(\.hash)) == hashesInUse, "seed \(seed): exactly the objects in use remain")
            #expect(try await fixture.metadata.referenceMismatches().isEmpty)

            let second = await fixture.cleaner(.immediate).run()
            #expect(second.succeeded)
            #expect(second.passes.map(\.filesMarked).reduce(0, +) == 0)
            #expect(second.passes.map(\.filesRemoved).reduce(0, +) == 0)
            #expect(second.passes.map(\.objectsRemoved).reduce(0, +) == 0)
            #expect(second.passes.map(\.objectsMissing).reduce(0, +) == 0)
        }
    }
}
