import Testing

@testable import Media

/// What a decode is expected to hold, from the header alone: small for what libvips shrinks on load, a whole
/// picture's worth for what a decoder must hold whole.
@Suite struct DecodeCostTests {
    static let mebibyte = 1 << 20

    @Test func aBaselineJPEGCostsLittleWhateverItsSizeAndAProgressiveOneItsCoefficients() {
        let baseline = ImageHeader(width: 6000, height: 4000, components: 3)
        #expect(
            DecodeCost.shrinking(baseline, contentType: "image/jpeg", fileSize: 8 * Self.mebibyte) == 24 * Self.mebibyte
        )
        var progressive = baseline
        progressive.progressive = true
        let cost = DecodeCost.shrinking(progressive, contentType: "image/jpeg", fileSize: 8 * Self.mebibyte)
        #expect(cost == 24 * Self.mebibyte + 6000 * 4000 * 3 * 2, "two bytes for each of the 72 million samples")
        progressive.components = 1
        #expect(
            DecodeCost.shrinking(progressive, contentType: "image/jpeg", fileSize: 0) == DecodeCost.base + 48_000_000)
    }

    @Test func interlacedPNGsGIFsAnimatedWebPsAndAVIFsAreDecodedWhole() {
        var png = ImageHeader(width: 1000, height: 1000, components: 4)
        #expect(DecodeCost.shrinking(png, contentType: "image/png", fileSize: 0) == DecodeCost.base)
        png.interlaced = true
        png.sixteenBit = true
        #expect(DecodeCost.shrinking(png, contentType: "image/png", fileSize: 0) == DecodeCost.base + 8_000_000)
        let picture = ImageHeader(width: 1000, height: 1000)
        #expect(DecodeCost.shrinking(picture, contentType: "image/gif", fileSize: 0) == DecodeCost.base + 8_000_000)
        #expect(DecodeCost.shrinking(picture, contentType: "image/webp", fileSize: 0) == DecodeCost.base)
        let animated = ImageHeader(width: 1000, height: 1000, animated: true)
        #expect(DecodeCost.shrinking(animated, contentType: "image/webp", fileSize: 0) == DecodeCost.base + 8_000_000)
        #expect(DecodeCost.shrinking(picture, contentType: "image/avif", fileSize: 0) == DecodeCost.base + 6_000_000)
    }

    @Test func reencodingHoldsTheWholePictureAndFilteringOnlyTheFile() {
        let photo = ImageHeader(width: 4000, height: 3000, orientation: 6, components: 3)
        let size = 5 * Self.mebibyte
        #expect(
            DecodeCost.reencoding(photo, contentType: "image/jpeg", fileSize: size) == DecodeCost.base + 3 * size
                + 36_000_000)
        #expect(DecodeCost.filtering(fileSize: size, chunk: 1 << 20) == size + (1 << 20))
        #expect(OriginalStripper.reencodes(contentType: "image/jpeg", animated: false, orientation: 6))
        #expect(!OriginalStripper.reencodes(contentType: "image/jpeg", animated: false, orientation: 1))
        #expect(!OriginalStripper.reencodes(contentType: "image/webp", animated: true, orientation: 6))
        #expect(OriginalStripper.reencodes(contentType: "image/avif", animated: false, orientation: 1))
    }

    @Test func aVideoPosterCostsTwelveBytesAPixel() {
        #expect(DecodeCost.posterFrame(width: 3840, height: 2160) == DecodeCost.base + 3840 * 2160 * 12)
    }

    @Test func absurdHeadersSaturateInsteadOfOverflowing() {
        let absurd = ImageHeader(width: .max / 2, height: 3, progressive: true, components: 4)
        #expect(DecodeCost.shrinking(absurd, contentType: "image/jpeg", fileSize: .max) == .max)
        #expect(DecodeCost.reencoding(absurd, contentType: "image/png", fileSize: 1) == .max)
    }

    @Test func theProbeReadsComponentsDepthAndInterlacing() throws {
        func png(colourType: UInt8, depth: UInt8, interlace: UInt8) -> [UInt8] {
            ImageHeaderProbeTests.png(width: 10, height: 10, colourType: colourType, depth: depth, interlace: interlace)
        }
        let rgba = try #require(
            ImageHeaderProbe.probe(png(colourType: 6, depth: 8, interlace: 0), contentType: "image/png"))
        #expect(rgba.components == 4 && !rgba.sixteenBit && !rgba.interlaced)
        let grey = try #require(
            ImageHeaderProbe.probe(png(colourType: 0, depth: 16, interlace: 1), contentType: "image/png"))
        #expect(grey.components == 1 && grey.sixteenBit && grey.interlaced)
        let palette = try #require(
            ImageHeaderProbe.probe(png(colourType: 3, depth: 8, interlace: 0), contentType: "image/png"))
        #expect(palette.components == 4, "a palette may carry transparency: decoded as RGBA")
    }
}
