import Testing

@testable import Media

/// Cut-off images are caught by their missing end marks; whole ones pass, padding after the mark included.
@Suite struct TruncationCheckTests {
    @Test func endMarksDecide() {
        let jpegHead: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        #expect(
            TruncationCheck.reason(contentType: "image/jpeg", head: jpegHead, tail: [1, 2, 0xFF, 0xD9], size: 900)
                == nil)
        #expect(
            TruncationCheck.reason(contentType: "image/jpeg", head: jpegHead, tail: [0xFF, 0xD9, 0, 0], size: 900)
                == nil)
        #expect(
            TruncationCheck.reason(contentType: "image/jpeg", head: jpegHead, tail: [1, 2, 3, 4], size: 900) != nil)
        let iend = Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        #expect(TruncationCheck.reason(contentType: "image/png", head: [], tail: [0, 0, 0, 0] + iend, size: 99) == nil)
        #expect(TruncationCheck.reason(contentType: "image/png", head: [], tail: [1, 2, 3, 4, 5], size: 99) != nil)
        #expect(TruncationCheck.reason(contentType: "image/gif", head: [], tail: [0, 0x3B], size: 99) == nil)
        #expect(TruncationCheck.reason(contentType: "image/gif", head: [], tail: [0x3B, 0], size: 99) != nil)
        let riff: [UInt8] = Array("RIFF".utf8) + [92, 0, 0, 0] + Array("WEBP".utf8)
        #expect(TruncationCheck.reason(contentType: "image/webp", head: riff, tail: [], size: 100) == nil)
        #expect(TruncationCheck.reason(contentType: "image/webp", head: riff, tail: [], size: 60) != nil)
        #expect(TruncationCheck.reason(contentType: "image/avif", head: [], tail: [], size: 10) == nil)
    }
}
