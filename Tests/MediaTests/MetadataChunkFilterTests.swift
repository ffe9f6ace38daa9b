import Testing

@testable import Media

/// Metadata chunks leave PNG and WebP files; pictures, animation chunks and colour profiles stay.
@Suite struct MetadataChunkFilterTests {
    static func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        be32(data.count) + Array(type.utf8) + data + [9, 9, 9, 9]
    }
    static func riffChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test func pngLosesTextExifAndEverythingAfterIEND() throws {
        let ihdr = Self.pngChunk("IHDR", Self.be32(4) + Self.be32(4) + [8, 6, 0, 0, 0])
        let actl = Self.pngChunk("acTL", Self.be32(2) + Self.be32(0))
        let iccp = Self.pngChunk("iCCP", Array("profile".utf8))
        let idat = Self.pngChunk("IDAT", [1, 2, 3])
        let iend = Self.pngChunk("IEND", [])
        let gps = Self.pngChunk("tEXt", Array("GPS\u{0}48.85,2.35".utf8))
        let exif = Self.pngChunk("eXIf", [0x4D, 0x4D, 0, 42])
        // What a cropping tool that overwrote a larger file in place leaves after IEND (acropalypse).
        let leftover = Self.pngChunk("IDAT", Array(repeating: 7, count: 50)) + iend
        let file = Self.signature + ihdr + actl + gps + iccp + exif + idat + iend + leftover
        let filtered = try #require(MetadataChunkFilter.png(file))
        #expect(filtered == Self.signature + ihdr + actl + iccp + idat + iend)
    }

    @Test func webpLosesExifAndXMPAndItsFlags() throws {
        let vp8x = Self.riffChunk("VP8X", [0x02 | 0x08 | 0x04 | 0x20, 0, 0, 0, 3, 0, 0, 3, 0, 0])
        let iccp = Self.riffChunk("ICCP", [1, 2, 3])
        let anim = Self.riffChunk("ANIM", [0, 0, 0, 0, 0, 0])
        let frame = Self.riffChunk("ANMF", Array(repeating: 5, count: 21))
        let exif = Self.riffChunk("EXIF", Array("Exif GPS".utf8))
        let xmp = Self.riffChunk("XMP ", Array("<x:xmpmeta/>".utf8))
        func riff(_ chunks: [UInt8]) -> [UInt8] {
            Array("RIFF".utf8) + Self.le32(chunks.count + 4) + Array("WEBP".utf8) + chunks
        }
        let file = riff(vp8x + iccp + anim + frame + exif + xmp) + Array("trailing".utf8)
        let filtered = try #require(MetadataChunkFilter.webp(file))
        var cleared = vp8x
        cleared[8] = 0x02 | 0x20
        #expect(filtered == riff(cleared + iccp + anim + frame))
    }

    @Test func brokenStructuresAreRefused() {
        #expect(MetadataChunkFilter.png(Self.signature + Self.be32(1000) + Array("IDAT".utf8)) == nil)
        #expect(MetadataChunkFilter.png(Array("GIF89a".utf8)) == nil)
        let bad = Array("RIFF".utf8) + Self.le32(30) + Array("WEBP".utf8) + Array("VP8L".utf8) + Self.le32(900)
        #expect(MetadataChunkFilter.webp(bad) == nil)
    }
}
