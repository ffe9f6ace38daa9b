/// Reads width, height and animation from the first bytes of JPEG, PNG, GIF, WebP, AVIF/HEIC and TIFF files, so
/// limits are checked before a decoder allocates anything. Nil when the bytes at hand do not hold the header.
public enum ImageHeaderProbe {
    public static func probe(_ bytes: [UInt8], contentType: String) -> ImageHeader? {
        let reader = ByteReader(bytes)
        switch contentType {
        case "image/png": return png(reader)
        case "image/gif": return gif(reader)
        case "image/jpeg": return JPEGHeaderScanner.header(of: bytes)
        case "image/webp": return webp(reader)
        case "image/avif", "image/heic": return isobmff(reader)
        case "image/tiff": return tiff(reader)
        default: return nil
        }
    }

    /// IHDR gives the size, bit depth, colour type and interlacing; an `acTL` chunk before the first `IDAT` makes it
    /// an APNG with that many frames.
    static func png(_ reader: ByteReader) -> ImageHeader? {
        guard let width = reader.uint32BE(16), let height = reader.uint32BE(20), reader.ascii(12, 4) == "IHDR" else {
            return nil
        }
        let depth = reader.byte(24) ?? 8
        // Colour types: 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA.
        let channels: [UInt8: Int] = [0: 1, 2: 3, 3: 4, 4: 2, 6: 4]
        var header = ImageHeader(
            width: Int(width), height: Int(height), components: reader.byte(25).flatMap { channels[$0] },
            sixteenBit: depth == 16, interlaced: reader.byte(28) == 1
        )
        var offset = 8
        while let length = reader.uint32BE(offset), let type = reader.ascii(offset + 4, 4), type != "IDAT" {
            if type == "acTL", let frames = reader.uint32BE(offset + 8) {
                header.frames = Int(frames)
                header.animated = frames > 1
            }
            offset += 12 + Int(length)
        }
        return header
    }

    /// The logical screen gives the size; a second image descriptor within the bytes at hand makes it animated.
    static func gif(_ reader: ByteReader) -> ImageHeader? {
        guard let width = reader.uint16LE(6), let height = reader.uint16LE(8), let flags = reader.byte(10) else {
            return nil
        }
        var header = ImageHeader(width: Int(width), height: Int(height))
        var offset = 13 + (flags & 0x80 != 0 ? 3 << (Int(flags & 0x07) + 1) : 0)
        var images = 0
        scan: while let introducer = reader.byte(offset) {
            switch introducer {
            case 0x2C:  // image descriptor, then an optional local colour table and LZW data in sub-blocks
                images += 1
                if images > 1 { break scan }
                guard let local = reader.byte(offset + 9) else { break scan }
                offset += 10 + (local & 0x80 != 0 ? 3 << (Int(local & 0x07) + 1) : 0) + 1
                guard let next = reader.skipSubBlocks(offset) else { break scan }
                offset = next
            case 0x21:  // extension: label, then sub-blocks
                guard let next = reader.skipSubBlocks(offset + 2) else { break scan }
                offset = next
            default:
                break scan
            }
        }
        header.animated = images > 1
        return header
    }

    /// `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended: canvas size and an animation flag).
    static func webp(_ reader: ByteReader) -> ImageHeader? {
        switch reader.ascii(12, 4) {
        case "VP8 ":
            guard let width = reader.uint16LE(26), let height = reader.uint16LE(28) else { return nil }
            return ImageHeader(width: Int(width & 0x3FFF), height: Int(height & 0x3FFF))
        case "VP8L":
            guard let bits = reader.uint32LE(21) else { return nil }
            return ImageHeader(width: Int(bits & 0x3FFF) + 1, height: Int((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let flags = reader.byte(20), let width = reader.uint24LE(24), let height = reader.uint24LE(27) else {
                return nil
            }
            return ImageHeader(width: Int(width) + 1, height: Int(height) + 1, animated: flags & 0x02 != 0)
        default:
            return nil
        }
    }

    /// AVIF and HEIC keep the size in `ispe` properties; the largest one is the image (others are thumbnails
    /// or grid tiles).
    static func isobmff(_ reader: ByteReader) -> ImageHeader? {
        var best: ImageHeader?
        var offset = 0
        while let found = reader.find("ispe", from: offset) {
            if let width = reader.uint32BE(found + 8), let height = reader.uint32BE(found + 12) {
                let candidate = ImageHeader(width: Int(width), height: Int(height))
                if candidate.pixels > (best?.pixels ?? -1) { best = candidate }
            }
            offset = found + 4
        }
        return best
    }

    /// Tags 256 (ImageWidth) and 257 (ImageLength) of the first IFD.
    static func tiff(_ reader: ByteReader) -> ImageHeader? {
        let little = reader.byte(0) == 0x49
        guard let first = reader.uint32(4, little: little) else { return nil }
        var width: Int?
        var height: Int?
        for (tag, value) in reader.ifdEntries(at: Int(first), little: little) {
            if tag == 256 { width = value }
            if tag == 257 { height = value }
        }
        guard let width, let height else { return nil }
        return ImageHeader(width: width, height: height)
    }

    static func exifOrientation(_ reader: ByteReader, tiffStart: Int) -> Int? {
        let little = reader.byte(tiffStart) == 0x49
        guard let first = reader.uint32(tiffStart + 4, little: little) else { return nil }
        for (tag, value) in reader.ifdEntries(at: tiffStart + Int(first), little: little)
        where tag == 0x0112 {
            return (1...8).contains(value) ? value : nil
        }
        return nil
    }
}
