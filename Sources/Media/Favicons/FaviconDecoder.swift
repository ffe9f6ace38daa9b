import CVipsShim
import Foundation

/// ICO and BMP pictures, which libvips reads only through ImageMagick (blocked as untrusted): an ICO's largest
/// PNG entry is handed over as it is; BMP pictures and ICO bitmap entries (1, 4, 8, 24 and 32 bits, uncompressed)
/// are decoded here into RGBA and saved as PNG for the usual pipeline. Everything is bounds-checked against the
/// file's length, and pictures are limited to 1024 × 1024.
public enum FaviconDecoder {
    public struct DecodeError: Error, CustomStringConvertible {
        public let description: String
    }

    public static let maximumSide = 1024

    /// True when `bytes` start like an ICO or a BMP file.
    public static func recognises(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0, 0, 1, 0]) || bytes.starts(with: [0x42, 0x4D])
    }

    /// Writes the picture in `bytes` to `path` as a PNG. Blocks: run it on a thread pool.
    public static func convertToPNG(_ bytes: [UInt8], path: String) throws {
        try MediaLibraries.start()
        let pixels: (rgba: [UInt8], width: Int, height: Int)
        if bytes.starts(with: [0x42, 0x4D]) {
            guard bytes.count > 14 else { throw DecodeError(description: "truncated BMP") }
            pixels = try decodeDIB(bytes, at: 14, pixelOffset: Int(le32(bytes, 10)), icon: false)
        } else {
            let entry = try largestIconEntry(bytes)
            let image = Array(bytes[entry])
            if image.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
                try image.withUnsafeBytes { raw in
                    guard let file = fopen(path, "wb") else { throw DecodeError(description: "cannot write") }
                    defer { fclose(file) }
                    guard fwrite(raw.baseAddress, 1, raw.count, file) == raw.count else {
                        throw DecodeError(description: "cannot write")
                    }
                }
                return
            }
            pixels = try decodeDIB(image, at: 0, pixelOffset: nil, icon: true)
        }
        let status = pixels.rgba.withUnsafeBytes {
            dcn_vips_pixels_save_png($0.baseAddress, Int32(pixels.width), Int32(pixels.height), 4, path)
        }
        guard status == 0 else { throw DecodeError(description: "cannot encode the decoded picture") }
    }

    static func largestIconEntry(_ bytes: [UInt8]) throws -> Range<Int> {
        guard bytes.count >= 6 else { throw DecodeError(description: "truncated ICO") }
        let count = Int(le16(bytes, 4))
        var best: (area: Int, range: Range<Int>)?
        for index in 0..<min(count, 64) {
            let base = 6 + 16 * index
            guard base + 16 <= bytes.count else { break }
            let width = bytes[base] == 0 ? 256 : Int(bytes[base])
            let height = bytes[base + 1] == 0 ? 256 : Int(bytes[base + 1])
            let size = Int(le32(bytes, base + 8))
            let offset = Int(le32(bytes, base + 12))
            guard size > 0, offset >= 0, offset <= bytes.count, size <= bytes.count - offset else { continue }
            if best == nil || width * height > best!.area { best = (width * height, offset..<(offset + size)) }
        }
        guard let best else { throw DecodeError(description: "the ICO has no readable picture") }
        return best.range
    }

    /// A BITMAPINFOHEADER picture at `start`; an icon's height counts the AND mask too, and its mask gives the
    /// transparency of pictures without alpha.
    static func decodeDIB(_ bytes: [UInt8], at start: Int, pixelOffset: Int?, icon: Bool) throws -> ([UInt8], Int, Int)
    {
        guard start + 40 <= bytes.count else { throw DecodeError(description: "truncated bitmap header") }
        let headerSize = Int(le32(bytes, start))
        let width = Int(Int32(bitPattern: le32(bytes, start + 4)))
        var height = Int(Int32(bitPattern: le32(bytes, start + 8)))
        let bits = Int(le16(bytes, start + 14))
        let compression = le32(bytes, start + 16)
        var colours = Int(le32(bytes, start + 32))
        if icon { height /= 2 }
        let bottomUp = height > 0
        height = abs(height)
        guard headerSize >= 40, (1...maximumSide).contains(width), (1...maximumSide).contains(height) else {
            throw DecodeError(description: "bitmap size out of bounds")
        }
        guard compression == 0 || (compression == 3 && bits == 32), [1, 4, 8, 24, 32].contains(bits) else {
            throw DecodeError(description: "compressed or unusual bitmaps are not supported")
        }
        if bits <= 8, colours == 0 { colours = 1 << bits }
        guard colours <= 256 else { throw DecodeError(description: "bad palette") }
        let paletteStart = start + headerSize + (compression == 3 && headerSize == 40 ? 12 : 0)
        let palette = bits <= 8 ? paletteStart..<(paletteStart + 4 * colours) : paletteStart..<paletteStart
        guard palette.upperBound <= bytes.count else { throw DecodeError(description: "truncated palette") }
        let stride = ((width * bits + 31) / 32) * 4
        let pixelStart = pixelOffset ?? palette.upperBound
        let maskStride = ((width + 31) / 32) * 4
        guard pixelStart >= 0, pixelStart + stride * height <= bytes.count else {
            throw DecodeError(description: "truncated pixels")
        }
        let maskStart = pixelStart + stride * height
        let hasMask = icon && maskStart + maskStride * height <= bytes.count
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        var anyAlpha = false
        for row in 0..<height {
            let sourceRow = bottomUp ? height - 1 - row : row
            let line = pixelStart + sourceRow * stride
            for column in 0..<width {
                var (red, green, blue, alpha): (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 255)
                switch bits {
                case 32:
                    let at = line + column * 4
                    (blue, green, red, alpha) = (bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
                    if alpha != 0 { anyAlpha = true }
                case 24:
                    let at = line + column * 3
                    (blue, green, red) = (bytes[at], bytes[at + 1], bytes[at + 2])
                default:
                    let bitIndex = column * bits
                    let byte = bytes[line + bitIndex / 8]
                    let shift = 8 - bits - bitIndex % 8
                    let index = Int(byte >> UInt8(shift)) & ((1 << bits) - 1)
                    guard index < colours else { break }
                    let entry = palette.lowerBound + index * 4
                    (blue, green, red) = (bytes[entry], bytes[entry + 1], bytes[entry + 2])
                }
                if hasMask, bits != 32 {
                    let maskByte = bytes[maskStart + sourceRow * maskStride + column / 8]
                    if maskByte & (0x80 >> UInt8(column % 8)) != 0 { alpha = 0 }
                }
                let out = (row * width + column) * 4
                (rgba[out], rgba[out + 1], rgba[out + 2], rgba[out + 3]) = (red, green, blue, alpha)
            }
        }
        // 32-bit bitmaps whose alpha bytes are all zero mean "no alpha" (older writers), not "invisible".
        if bits == 32, !anyAlpha {
            for index in Swift.stride(from: 3, to: rgba.count, by: 4) { rgba[index] = 255 }
        }
        return (rgba, width, height)
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }
}
