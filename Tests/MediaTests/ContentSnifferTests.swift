import Testing

@testable import Media

/// Types come from the first bytes only; a lying name or content type cannot change them.
@Suite struct ContentSnifferTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(
        arguments: [
            ([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 8), MediaKind.image, "image/jpeg"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .image, "image/png"),
            (bytes("GIF89a") + [1, 0, 1, 0], .image, "image/gif"),
            (bytes("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 "), .image, "image/webp"),
            (bytes("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt "), .audio, "audio/wav"),
            ([0, 0, 0, 0x1C] + bytes("ftypavif"), .image, "image/avif"),
            ([0, 0, 0, 0x18] + bytes("ftypheic"), .image, "image/heic"),
            ([0, 0, 0, 0x20] + bytes("ftypisom"), .video, "video/mp4"),
            ([0, 0, 0, 0x14] + bytes("ftypqt  "), .video, "video/quicktime"),
            ([0, 0, 0, 0x20] + bytes("ftypM4A "), .audio, "audio/mp4"),
            ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84] + bytes("webm"), .video, "video/webm"),
            ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88] + bytes("matroska"), .video, "video/x-matroska"),
            (bytes("OggS\u{0}\u{2}") + [UInt8](repeating: 0, count: 22) + bytes("OpusHead"), .audio, "audio/ogg"),
            (bytes("fLaC\u{0}\u{0}\u{0}\u{22}"), .audio, "audio/flac"),
            (bytes("ID3\u{4}\u{0}"), .audio, "audio/mpeg"),
            ([0xFF, 0xFB, 0x90, 0x64], .audio, "audio/mpeg"),
            ([0xFF, 0xF1, 0x50, 0x80], .audio, "audio/aac"),
            ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .image, "image/tiff"),
            (bytes("%PDF-1.7\n"), .file, "application/pdf"),
            ([0x50, 0x4B, 0x03, 0x04, 20, 0], .file, "application/zip"),
            (bytes("hello, world\nsecond line ünïcode\n"), .text, "text/plain; charset=utf-8"),
            (bytes("  <!DOCTYPE html><html><script>alert(1)</script>"), .text, "text/html"),
            (
                bytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"), .file,
                "image/svg+xml"
            ),
            (bytes("<svg onload=\"alert(1)\"></svg>"), .file, "image/svg+xml"),
            ([0x00, 0x01, 0x02, 0xFE, 0x80], .file, "application/octet-stream"),
            ([], .file, "application/octet-stream"),
        ] as [([UInt8], MediaKind, String)])
    func magicNumbersDecide(bytes: [UInt8], kind: MediaKind, contentType: String) {
        let sniffed = ContentSniffer.sniff(bytes)
        #expect(sniffed.kind == kind)
        #expect(sniffed.contentType == contentType)
    }

    @Test func markupIsActiveContentAndAPolyglotGIFIsAGIF() {
        #expect(ContentSniffer.sniff(Self.bytes("<html><body>x")).isActiveContent)
        #expect(ContentSniffer.sniff(Self.bytes("<svg></svg>")).isActiveContent)
        #expect(!ContentSniffer.sniff(Self.bytes("plain words")).isActiveContent)
        let polyglot = Self.bytes("GIF89a/*") + [0, 0] + Self.bytes("*/=1;<script>alert(1)</script>")
        #expect(ContentSniffer.sniff(polyglot) == SniffedType(.image, "image/gif"))
    }
}
