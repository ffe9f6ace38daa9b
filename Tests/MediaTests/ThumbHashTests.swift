import Foundation
import TestSupport
import Testing

@testable import Media

/// ThumbHash placeholders carry the picture's average colour, its shape and whether it has transparency.
@Suite struct ThumbHashTests {
    static func solid(_ width: Int, _ height: Int, _ pixel: [UInt8]) -> [UInt8] {
        Array((0..<(width * height)).map { _ in pixel }.joined())
    }

    @Test(
        arguments: [
            ([1, 0, 0] as [Double], [UInt8]([255, 0, 0, 255])),
            ([0, 0, 1], [0, 0, 255, 255]),
            ([0.5, 0.5, 0.5], [128, 128, 128, 255]),
        ])
    func aSolidPictureDecodesToItsColour(_ expected: [Double], _ pixel: [UInt8]) {
        let hash = ThumbHash.encode(width: 32, height: 32, rgba: Self.solid(32, 32, pixel))
        let average = ThumbHash.averageColour(of: hash)
        #expect(abs(average.r - expected[0]) < 0.05)
        #expect(abs(average.g - expected[1]) < 0.05)
        #expect(abs(average.b - expected[2]) < 0.05)
        #expect(average.a == 1)
        #expect(hash.count >= 5 && hash.count <= 25)
    }

    @Test func shapeAndTransparencyAreCarried() {
        let wide = ThumbHash.encode(width: 100, height: 25, rgba: Self.solid(100, 25, [10, 200, 10, 255]))
        #expect(ThumbHash.approximateAspectRatio(of: wide) > 2)
        let tall = ThumbHash.encode(width: 25, height: 100, rgba: Self.solid(25, 100, [10, 200, 10, 255]))
        #expect(ThumbHash.approximateAspectRatio(of: tall) < 0.5)
        #expect(wide[2] & 0x80 == 0, "opaque")

        // Left half transparent, right half opaque white.
        var rgba: [UInt8] = []
        for _ in 0..<20 {
            for x in 0..<20 { rgba += x < 10 ? [0, 0, 0, 0] : [255, 255, 255, 255] }
        }
        let clear = ThumbHash.encode(width: 20, height: 20, rgba: rgba)
        #expect(clear[2] & 0x80 != 0, "the alpha flag is set")
        let average = ThumbHash.averageColour(of: clear)
        #expect(abs(average.a - 0.5) < 0.1)
        #expect(average.r > 0.9, "the colour is that of the visible half")
    }

    @Test func aFileIsHashedThroughLibvips() async throws {
        let path = NSTemporaryDirectory() + "thumbhash-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await ToolRun.run("/usr/bin/vips", ["black", path, "640", "480", "--bands", "3"])
        try #require(run.status == 0, "\(run.errorText)")
        let hash = try ThumbHash.make(path: path)
        let average = ThumbHash.averageColour(of: hash)
        #expect(average.r < 0.05 && average.g < 0.05 && average.b < 0.05)
        #expect(abs(ThumbHash.approximateAspectRatio(of: hash) - 4.0 / 3.0) < 0.5)
    }
}

/// The web client decodes these hashes in its own tests (Tests/WebClientJS/thumbhash.test.mjs); they must be what
/// this encoder writes, so the two sides agree on the format.
@Suite struct ThumbHashWebFixtureTests {
    static func pictures() -> [String: [UInt8]] {
        let red = ThumbHashTests.solid(60, 30, [255, 0, 0, 255])
        var halves: [UInt8] = []
        for _ in 0..<40 {
            for x in 0..<40 { halves += x < 20 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
        }
        return [
            "red60x30": ThumbHash.encode(width: 60, height: 30, rgba: red),
            "blackWhite40": ThumbHash.encode(width: 40, height: 40, rgba: halves),
        ]
    }

    @Test func theWebClientsFixturesAreThisEncodersOutput() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WebClientJS/thumbhash-fixtures.mjs")
        let text = try String(contentsOf: fixtures, encoding: .utf8)
        for (name, hash) in Self.pictures() {
            let line = "\(name): '\(Data(hash).base64EncodedString())'"
            #expect(text.contains(line), "expected \(line) in thumbhash-fixtures.mjs")
        }
    }
}
