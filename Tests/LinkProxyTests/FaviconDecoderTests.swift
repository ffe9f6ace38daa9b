import Foundation
import Testing

@testable import Media

/// ICO and BMP favicons, decoded without libvips' (blocked) ImageMagick loader.
@Suite struct FaviconDecoderTests {
    /// A 2 × 2 32-bit bitmap, bottom-up: red, green / blue, half-transparent white.
    static let pixels: [UInt8] = [
        0xFF, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x80,  // bottom row: blue, white (BGRA)
        0x00, 0x00, 0xFF, 0xFF, 0x00, 0xFF, 0x00, 0xFF,  // top row: red, green
    ]

    static func infoHeader(height: Int32, bits: UInt16) -> [UInt8] {
        le32(40) + le32(2) + le32(UInt32(bitPattern: height)) + le16(1) + le16(bits) + le32(0) + le32(0)
            + le32(0) + le32(0) + le32(0) + le32(0)
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    @Test func decodesABitmapIcon() throws {
        let mask: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        let image = Self.infoHeader(height: 4, bits: 32) + Self.pixels + mask
        let ico =
            [0, 0, 1, 0, 1, 0] + [2, 2, 0, 0] + Self.le16(1) + Self.le16(32) + Self.le32(UInt32(image.count))
            + Self.le32(22) + image
        #expect(FaviconDecoder.recognises(ico))
        let path = NSTemporaryDirectory() + "favicon-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FaviconDecoder.convertToPNG(ico, path: path)
        let header = try ImageFile.header(path: path)
        #expect(header.width == 2 && header.height == 2)
        let (rgba, width, height) = try FaviconDecoder.decodeDIB(image, at: 0, pixelOffset: nil, icon: true)
        #expect(width == 2 && height == 2)
        #expect(Array(rgba[0..<4]) == [255, 0, 0, 255])
        #expect(Array(rgba[4..<8]) == [0, 255, 0, 255])
        #expect(Array(rgba[8..<12]) == [0, 0, 255, 255])
        #expect(Array(rgba[12..<16]) == [255, 255, 255, 128])
    }

    @Test func decodesA24BitBMPFile() throws {
        let rows: [UInt8] = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0, 0, 0xFF, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0, 0]
        let info = Self.infoHeader(height: 2, bits: 24)
        let bmp = [0x42, 0x4D] + Self.le32(UInt32(54 + rows.count)) + Self.le32(0) + Self.le32(54) + info + rows
        let path = NSTemporaryDirectory() + "bmp-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FaviconDecoder.convertToPNG(bmp, path: path)
        #expect(try ImageFile.header(path: path).width == 2)
    }

    @Test func refusesLiesAboutSizes() {
        var huge = Self.infoHeader(height: 200_000, bits: 32)
        huge.replaceSubrange(4..<8, with: Self.le32(100_000))
        #expect(throws: FaviconDecoder.DecodeError.self) {
            try FaviconDecoder.decodeDIB(huge + Self.pixels, at: 0, pixelOffset: nil, icon: false)
        }
        #expect(throws: FaviconDecoder.DecodeError.self) {
            try FaviconDecoder.decodeDIB(
                Self.infoHeader(height: 2, bits: 32) + [1, 2, 3], at: 0, pixelOffset: nil, icon: false)
        }
        let lyingDirectory: [UInt8] = [0, 0, 1, 0, 1, 0, 2, 2, 0, 0, 1, 0, 32, 0, 0xFF, 0xFF, 0, 0, 22, 0, 0, 0]
        #expect(throws: FaviconDecoder.DecodeError.self) {
            try FaviconDecoder.convertToPNG(lyingDirectory, path: "/nonexistent/x.png")
        }
    }
}
