import Testing

@testable import Media

/// The JPEG frame header found wherever it lies, from bytes fed in pieces of any size, without keeping them.
@Suite struct JPEGHeaderScannerTests {
    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
    }

    static func exif(orientation: Int) -> [UInt8] {
        let tiff: [UInt8] =
            [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]
            + [0, UInt8(orientation), 0, 0, 0, 0, 0, 0]
        return segment(0xE1, Array("Exif".utf8) + [0, 0] + tiff)
    }

    static let xmp = segment(
        0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + [UInt8](repeating: 0x20, count: 60_000))
    static let frame = segment(0xC2, [8, 0x0B, 0xB8, 0x0F, 0xA0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])

    /// Exif orientation 6, then 5 XMP segments (300 KB, past the 256 KiB an upload reads first), then a
    /// progressive 4000 × 3000 frame.
    static let photoshopped: [UInt8] =
        [0xFF, 0xD8] + exif(orientation: 6) + Array([[UInt8]](repeating: xmp, count: 5).joined()) + [0xFF, 0xFF]
        + frame + segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + [0x12, 0x34, 0xFF, 0xD9]

    static let expected = ImageHeader(width: 4000, height: 3000, progressive: true, orientation: 6, components: 3)

    @Test(arguments: [1, 7, 4096, 65_536, 1 << 22])
    func theFrameIsFoundInPiecesOfAnySize(_ piece: Int) {
        var scanner = JPEGHeaderScanner()
        Self.photoshopped.withUnsafeBytes { bytes in
            // Views into the one buffer: a copy per piece made the one-byte case take seconds.
            for offset in stride(from: 0, to: bytes.count, by: piece) {
                scanner.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<min(offset + piece, bytes.count)]))
            }
        }
        #expect(scanner.header == Self.expected)
        #expect(!scanner.failed)
    }

    @Test func aPrefixWithoutTheFrameIsUnfinishedNotFailed() {
        var scanner = JPEGHeaderScanner()
        Array(Self.photoshopped.prefix(256 * 1024)).withUnsafeBytes { scanner.feed($0) }
        #expect(!scanner.finished)
        #expect(ImageHeaderProbe.probe(Array(Self.photoshopped.prefix(256 * 1024)), contentType: "image/jpeg") == nil)
        #expect(ImageHeaderProbe.probe(Self.photoshopped, contentType: "image/jpeg") == Self.expected)
    }

    @Test func onlyTheFirstExifSegmentCounts() {
        let bytes = [0xFF, 0xD8] + Self.exif(orientation: 8) + Self.exif(orientation: 3) + Self.frame
        #expect(JPEGHeaderScanner.header(of: bytes)?.orientation == 8)
        let xmpFirst = [0xFF, 0xD8] + Self.xmp + Self.exif(orientation: 5) + Self.frame
        #expect(JPEGHeaderScanner.header(of: xmpFirst)?.orientation == 5, "XMP shares APP1 but is not Exif")
    }

    @Test func imageDataOrGarbageBeforeTheFrameFails() {
        func failed(_ bytes: [UInt8]) -> Bool {
            var scanner = JPEGHeaderScanner()
            bytes.withUnsafeBytes { scanner.feed($0) }
            return scanner.failed && scanner.header == nil
        }
        #expect(failed([0xFF, 0xD8] + Self.segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + Self.frame), "scan before frame")
        #expect(failed([0xFF, 0xD8, 0xFF, 0xD9]), "the end before any frame")
        #expect(failed([0x89, 0x50, 0x4E, 0x47]), "not a JPEG")
        #expect(failed([0xFF, 0xD8, 0x00, 0x00] + Self.frame), "bytes outside any segment")
        #expect(failed([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]), "a length shorter than itself")
        #expect(failed([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x04, 8, 0]), "a frame header cut short")
    }
}
