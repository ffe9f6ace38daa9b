import Testing

@testable import Media

/// Sizes, animation and orientation read from hand-built headers, and limits refused before any decoding.
@Suite struct ImageHeaderProbeTests {
    static func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le24(_ value: Int) -> [UInt8] { le16(value) + [UInt8(value >> 16 & 0xFF)] }
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        be32(data.count) + Array(type.utf8) + data + [0, 0, 0, 0]
    }

    static func png(
        width: Int, height: Int, frames: Int? = nil, colourType: UInt8 = 6, depth: UInt8 = 8, interlace: UInt8 = 0
    ) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += chunk("IHDR", be32(width) + be32(height) + [depth, colourType, 0, 0, interlace])
        if let frames { bytes += chunk("acTL", be32(frames) + be32(0)) }
        return bytes + chunk("IDAT", [1, 2, 3])
    }

    @Test func aPNGDeclaringTenGigapixelsIsRefusedFromAFewBytes() throws {
        let bytes = Self.png(width: 100_000, height: 100_000)
        #expect(bytes.count < 100)
        let header = try #require(ImageHeaderProbe.probe(bytes, contentType: "image/png"))
        #expect(header.width == 100_000 && header.height == 100_000 && !header.animated)
        let refusal = PipelineCatalog.defaults["attachments"]?.refusal(for: header)
        #expect(refusal?.contains("side limit") == true)
        let wide = try #require(ImageHeaderProbe.probe(Self.png(width: 9_000, height: 9_000), contentType: "image/png"))
        #expect(PipelineCatalog.defaults["attachments"]?.refusal(for: wide)?.contains("pixel limit") == true)
        let fine = try #require(ImageHeaderProbe.probe(Self.png(width: 1, height: 20_00), contentType: "image/png"))
        #expect(PipelineCatalog.defaults["attachments"]?.refusal(for: fine) == nil)
    }

    @Test func progressiveJPEGsHaveHalfThePixelLimit() throws {
        let attachments = try #require(PipelineCatalog.defaults["attachments"])
        let photo = ImageHeader(width: 6_000, height: 5_000)
        #expect(attachments.refusal(for: photo) == nil)
        var progressive = photo
        progressive.progressive = true
        #expect(attachments.refusal(for: progressive)?.contains("progressive") == true)
        progressive.width = 4_000
        #expect(attachments.refusal(for: progressive) == nil, "24 MP progressive is within 25 MP")
    }

    @Test func anAPNGCountsItsFrames() throws {
        let header = try #require(
            ImageHeaderProbe.probe(Self.png(width: 4, height: 3, frames: 2_000), contentType: "image/png"))
        #expect(header.animated)
        #expect(header.frames == 2_000)
        #expect(PipelineCatalog.defaults["emojis"]?.refusal(for: header)?.contains("frame limit") == true)
    }

    @Test func gifSizeAndAnimation() throws {
        func gif(images: Int) -> [UInt8] {
            var bytes =
                Array("GIF89a".utf8) + Self.le16(640) + Self.le16(480) + [0x80, 0, 0] + [UInt8](repeating: 0, count: 6)
            bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1, 0, 0, 0]
            for _ in 0..<images {
                bytes += [0x21, 0xF9, 4, 0, 10, 0, 0, 0]
                bytes += [0x2C] + Self.le16(0) + Self.le16(0) + Self.le16(640) + Self.le16(480) + [0]
                bytes += [2, 2, 0x44, 0x01, 0]
            }
            return bytes + [0x3B]
        }
        let still = try #require(ImageHeaderProbe.probe(gif(images: 1), contentType: "image/gif"))
        #expect(still.width == 640 && still.height == 480 && !still.animated)
        #expect(try #require(ImageHeaderProbe.probe(gif(images: 3), contentType: "image/gif")).animated)
    }

    @Test func jpegSizeProgressiveAndOrientation() throws {
        func jpeg(sof: UInt8, orientation: Int?) -> [UInt8] {
            var bytes: [UInt8] = [0xFF, 0xD8]
            if let orientation {
                let tiff: [UInt8] =
                    [0x4D, 0x4D, 0, 0x2A] + Self.be32(8) + [0, 1, 0x01, 0x12, 0, 3] + Self.be32(1)
                    + [0, UInt8(orientation), 0, 0] + Self.be32(0)
                let app1 = Array("Exif".utf8) + [0, 0] + tiff
                bytes += [0xFF, 0xE1] + [UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)] + app1
            }
            bytes += [0xFF, 0xDB, 0, 4, 0, 0]
            bytes += [0xFF, sof, 0, 17, 8, 0x0B, 0xB8, 0x0F, 0xA0, 3] + [UInt8](repeating: 0, count: 9)
            return bytes + [0xFF, 0xDA, 0, 2]
        }
        let baseline = try #require(
            ImageHeaderProbe.probe(jpeg(sof: 0xC0, orientation: nil), contentType: "image/jpeg"))
        #expect(baseline == ImageHeader(width: 4000, height: 3000, components: 3))
        let rotated = try #require(ImageHeaderProbe.probe(jpeg(sof: 0xC2, orientation: 6), contentType: "image/jpeg"))
        #expect(rotated.progressive)
        #expect(rotated.orientation == 6)
        #expect(rotated.displayWidth == 3000 && rotated.displayHeight == 4000)
        #expect(ImageHeaderProbe.probe([0xFF, 0xD8, 0xFF, 0xDB, 0, 4], contentType: "image/jpeg") == nil, "truncated")
    }

    @Test func webpInItsThreeForms() throws {
        func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
            Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [0, 0, 0, 0] + payload
        }
        let lossy = riff("VP8 ", [0, 0, 0, 0x9D, 0x01, 0x2A] + Self.le16(800) + Self.le16(600))
        #expect(ImageHeaderProbe.probe(lossy, contentType: "image/webp") == ImageHeader(width: 800, height: 600))
        let bits = UInt32(99) | UInt32(49) << 14
        let lossless = riff("VP8L", [0x2F] + [0, 1, 2, 3].map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) })
        #expect(ImageHeaderProbe.probe(lossless, contentType: "image/webp") == ImageHeader(width: 100, height: 50))
        let extended = riff("VP8X", [0x02, 0, 0, 0] + Self.le24(1919) + Self.le24(1079))
        #expect(
            ImageHeaderProbe.probe(extended, contentType: "image/webp")
                == ImageHeader(width: 1920, height: 1080, animated: true))
    }

    @Test func avifTakesItsLargestImageSpatialExtent() throws {
        func ispe(_ width: Int, _ height: Int) -> [UInt8] {
            Self.be32(20) + Array("ispe".utf8) + [0, 0, 0, 0] + Self.be32(width) + Self.be32(height)
        }
        let bytes =
            [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [UInt8](repeating: 0, count: 16) + ispe(256, 256)
            + ispe(4032, 3024)
        #expect(ImageHeaderProbe.probe(bytes, contentType: "image/avif") == ImageHeader(width: 4032, height: 3024))
    }

    @Test func tiffReadsItsFirstDirectory() throws {
        let bytes: [UInt8] =
            [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 2, 0]
            + [0x00, 0x01, 3, 0, 1, 0, 0, 0, 0x20, 0x03, 0, 0]
            + [0x01, 0x01, 4, 0, 1, 0, 0, 0, 0x58, 0x02, 0, 0] + [0, 0, 0, 0]
        #expect(ImageHeaderProbe.probe(bytes, contentType: "image/tiff") == ImageHeader(width: 800, height: 600))
    }
}
