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
        let expected: [UInt8] = Self.signature + ihdr + actl + iccp + idat + iend
        #expect(filtered.bytes == expected)
        #expect(filtered.count == expected.count)
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
        #expect(filtered.bytes == riff(cleared + iccp + anim + frame))
    }

    @Test func brokenStructuresAreRefused() {
        #expect(MetadataChunkFilter.png(Self.signature + Self.be32(1000) + Array("IDAT".utf8)) == nil)
        #expect(MetadataChunkFilter.png(Array("GIF89a".utf8)) == nil)
        let bad = Array("RIFF".utf8) + Self.le32(30) + Array("WEBP".utf8) + Array("VP8L".utf8) + Self.le32(900)
        #expect(MetadataChunkFilter.webp(bad) == nil)
    }
}

/// JPEG segments: Exif, XMP, IPTC and comments go; the JFIF header, colour profile, Adobe flag and scans stay.
@Suite struct JPEGSegmentFilterTests {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    @Test func metadataSegmentsGoEverywhereAndScansStay() throws {
        let jfif = Self.segment(0xE0, Array("JFIF\u{0}".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        let exif = Self.segment(0xE1, Array("Exif\u{0}\u{0}GPS 48.85".utf8))
        let xmp = Self.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\u{0}<x/>".utf8))
        let icc = Self.segment(0xE2, Array("ICC_PROFILE\u{0}".utf8) + [1, 1, 9, 9])
        let iptc = Self.segment(0xED, Array("Photoshop 3.0\u{0}8BIM".utf8))
        let adobe = Self.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 2])
        let comment = Self.segment(0xFE, Array("taken at home".utf8))
        let tables = Self.segment(0xDB, Array(repeating: 1, count: 65))
        let frame = Self.segment(0xC2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
        let huffman = Self.segment(0xC4, Array(repeating: 0, count: 17))
        let scan = Self.segment(0xDA, [1, 1, 0, 0, 63, 0])
        // Entropy data with a stuffed 0xFF 0x00 and a restart marker, then a second progressive scan.
        let data1: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
        let data2: [UInt8] = [0x78, 0x9A]
        let eoi: [UInt8] = [0xFF, 0xD9]
        let file =
            [0xFF, 0xD8] + jfif + exif + xmp + icc + iptc + adobe + comment + tables + frame + huffman + scan + data1
            + comment + huffman + scan + data2 + eoi + Array("trailing secrets".utf8)
        let filtered = try #require(MetadataChunkFilter.jpeg(file))
        let expected =
            [0xFF, 0xD8] + jfif + icc + adobe + tables + frame + huffman + scan + data1 + huffman + scan + data2 + eoi
        #expect(filtered.bytes == expected)
        // Nothing is copied: the pieces are ranges of the file, neighbours merged (SOI with JFIF; the profile; the
        // Adobe flag; the tables through the first scan's data; the second scan's tables through EOI).
        #expect(filtered.pieces.allSatisfy { if case .kept = $0 { true } else { false } })
        #expect(filtered.pieces.count == 5)
    }

    @Test func aScanOfMegabytesIsCrossedWhateverItsFillBytesAndRestarts() throws {
        var data = [UInt8](repeating: 0x5A, count: 3 << 20)
        // Stuffed zeros, restart markers, and a fill byte before a stuffed zero.
        let escapes: [[UInt8]] = [[0xFF, 0x00], [0xFF, 0xD3], [0xFF, 0xFF, 0x00]]
        for (number, index) in stride(from: 100, to: data.count - 8, by: 4099).enumerated() {
            let escape = escapes[number % 3]
            data.replaceSubrange(index..<(index + escape.count), with: escape)
        }
        let scan = Self.segment(0xDA, [1, 1, 0, 0, 63, 0])
        let file = [0xFF, 0xD8] + scan + data + [0xFF, 0xD9]
        #expect(try #require(MetadataChunkFilter.jpeg(file)).bytes == file)
        #expect(MetadataChunkFilter.jpeg(Array(file.dropLast(1))) == nil, "a scan ending in 0xFF")
    }

    @Test func brokenJPEGsAreRefused() {
        #expect(MetadataChunkFilter.jpeg([0xFF, 0xD8, 0xFF, 0xE1, 0x10, 0x00]) == nil, "a segment past the end")
        #expect(MetadataChunkFilter.jpeg([0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(MetadataChunkFilter.jpeg([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 1, 2, 3]) == nil, "no end of image")
    }
}
