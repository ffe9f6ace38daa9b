import FileServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Media
import Storage
import TestSupport
import Testing

@testable import App

/// `media.process` holds a share of the process's decode budget (`files.decode_memory_mib`) for every decode: a
/// progressive JPEG is charged for its coefficients, decodes that do not fit wait for each other, and every share
/// comes back, also when a picture fails.
@Suite struct DecodeBudgetTests {
    /// Two progressive 2000 × 1500 JPEGs (every DCT coefficient held: 18 MB each) processed at once, by a processor
    /// whose budget holds only one of them at a time.
    @Test func progressiveJPEGsAreChargedForTheirCoefficientsAndTakeTurns() async throws {
        let fixture = try await FileServerFixture.make()
        var made: [[UInt8]] = []
        for seed in 0..<2 {
            made.append(
                try await MediaTools.vips(
                    "progressive-\(seed).jpg",
                    ["gaussnoise", "OUT[interlace,Q=90]", "2000", "1500", "--seed", "\(seed)"]))
        }
        let pictures = made
        let header = try #require(ImageHeaderProbe.probe(pictures[0], contentType: "image/jpeg"))
        #expect(header.progressive && header.components == 1, "gaussnoise makes one band: a grey JPEG")
        let coefficients = 2000 * 1500 * 1 * 2
        let costs = pictures.map {
            DecodeCost.shrinking(
                ImageHeaderProbe.probe($0, contentType: "image/jpeg")!, contentType: "image/jpeg", fileSize: $0.count)
        }
        #expect(costs.allSatisfy { $0 >= coefficients + DecodeCost.base })

        // Uploaded by a files-only app: nothing processes them until the processor below runs.
        let ids = try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
            var ids: [String] = []
            for (index, picture) in pictures.enumerated() {
                ids.append(try await fixture.upload(client, picture, filename: "p\(index).jpg"))
            }
            return ids
        }
        let budget = MemoryBudget(limit: costs.max()! + costs.min()! / 2)
        let processed = try await fixture.metadata { metadata in
            let processor = MediaProcessor(
                blobs: try fixture.blobs(), metadata: metadata, pipelines: fixture.configuration.pipelines,
                decodeBudget: budget, logger: FileServerFixture.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids {
                    let file = try #require(try await metadata.file(id: id))
                    group.addTask {
                        try await processor.process(MediaProcess(fileID: id, hash: file.hash, tag: "attachments"))
                    }
                }
                try await group.waitForAll()
            }
            var files: [FileRecord] = []
            for id in ids { files.append(try #require(try await metadata.file(id: id))) }
            return files
        }
        for file in processed {
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
        }
        #expect(await budget.highWater >= costs.min()!, "the decodes were charged their progressive cost")
        #expect(await budget.highWater < costs.reduce(0, +), "the two never held the budget together")
        #expect(await budget.free == budget.limit, "every share came back")
    }

    /// A picture that fails to decode gives its share back.
    @Test func aFailedDecodeGivesItsShareBack() async throws {
        let fixture = try await FileServerFixture.make()
        var broken = try await MediaTools.vips("broken.jpg", ["gaussnoise", "OUT[interlace]", "800", "600"])
        // Its header reads, but its one component names quantisation table 3, which the file never defines: libjpeg
        // stops once decoding starts.
        let frame = try #require((0..<(broken.count - 1)).first { broken[$0] == 0xFF && broken[$0 + 1] == 0xC2 })
        broken[frame + 12] = 3
        let upload = broken
        let id = try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
            try await fixture.upload(client, upload, filename: "broken.jpg")
        }
        let budget = MemoryBudget(limit: 64 << 20)
        let file = try await fixture.metadata { metadata in
            let processor = MediaProcessor(
                blobs: try fixture.blobs(), metadata: metadata, pipelines: fixture.configuration.pipelines,
                decodeBudget: budget, logger: FileServerFixture.logger)
            let record = try #require(try await metadata.file(id: id))
            try await processor.process(MediaProcess(fileID: id, hash: record.hash, tag: "attachments"))
            return try #require(try await metadata.file(id: id))
        }
        #expect(file.processing == .failed)
        #expect(file.processingError?.contains("table") == true, "\(file.processingError ?? "")")
        #expect(await budget.highWater > 0, "the decode was charged")
        #expect(await budget.free == budget.limit, "and its share came back")
    }
}
