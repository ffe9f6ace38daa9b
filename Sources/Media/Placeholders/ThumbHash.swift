import CVipsShim
import Foundation

/// ThumbHash (Evan Wallace's compact image placeholder): the picture's average colour, aspect ratio and a few
/// low-frequency DCT terms of its luminance, two chroma channels and alpha, in about 25 bytes. Clients decode it
/// into a blurred preview shown while the real one loads; Autumn's newer servers put it, base64, in `metadata`.
public enum ThumbHash {
    /// The hash of an image no larger than 100 × 100, given as 8-bit RGBA rows.
    public static func encode(width w: Int, height h: Int, rgba: [UInt8]) -> [UInt8] {
        precondition(w > 0 && h > 0 && w <= 100 && h <= 100 && rgba.count == w * h * 4)
        let count = w * h
        var average = (r: 0.0, g: 0.0, b: 0.0, a: 0.0)
        for i in 0..<count {
            let alpha = Double(rgba[i * 4 + 3]) / 255
            average.r += alpha / 255 * Double(rgba[i * 4])
            average.g += alpha / 255 * Double(rgba[i * 4 + 1])
            average.b += alpha / 255 * Double(rgba[i * 4 + 2])
            average.a += alpha
        }
        if average.a > 0 {
            average.r /= average.a
            average.g /= average.a
            average.b /= average.a
        }
        let hasAlpha = average.a < Double(count)
        let luminanceLimit = hasAlpha ? 5.0 : 7.0
        let longest = Double(max(w, h))
        let lx = max(1, Int((luminanceLimit * Double(w) / longest).rounded()))
        let ly = max(1, Int((luminanceLimit * Double(h) / longest).rounded()))

        // Composite over the average colour, then split into luminance, two chroma channels and alpha.
        var l = [Double](repeating: 0, count: count)
        var p = l
        var q = l
        var a = l
        for i in 0..<count {
            let alpha = Double(rgba[i * 4 + 3]) / 255
            let r = average.r * (1 - alpha) + alpha / 255 * Double(rgba[i * 4])
            let g = average.g * (1 - alpha) + alpha / 255 * Double(rgba[i * 4 + 1])
            let b = average.b * (1 - alpha) + alpha / 255 * Double(rgba[i * 4 + 2])
            l[i] = (r + g + b) / 3
            p[i] = (r + g) / 2 - b
            q[i] = r - g
            a[i] = alpha
        }
        let luminance = Channel(l, width: w, height: h, nx: max(3, lx), ny: max(3, ly))
        let chromaP = Channel(p, width: w, height: h, nx: 3, ny: 3)
        let chromaQ = Channel(q, width: w, height: h, nx: 3, ny: 3)
        let opacity = hasAlpha ? Channel(a, width: w, height: h, nx: 5, ny: 5) : nil

        let isLandscape = w > h
        func quantised(_ value: Double) -> Int { Int(value.rounded()) }
        let header24 =
            quantised(63 * luminance.dc) | (quantised(31.5 + 31.5 * chromaP.dc) << 6)
            | (quantised(31.5 + 31.5 * chromaQ.dc) << 12) | (quantised(31 * luminance.scale) << 18)
            | ((hasAlpha ? 1 : 0) << 23)
        let header16 =
            (isLandscape ? ly : lx) | (quantised(63 * chromaP.scale) << 3) | (quantised(63 * chromaQ.scale) << 9)
            | ((isLandscape ? 1 : 0) << 15)
        var hash: [UInt8] = [
            UInt8(header24 & 255), UInt8((header24 >> 8) & 255), UInt8(header24 >> 16),
            UInt8(header16 & 255), UInt8(header16 >> 8),
        ]
        if let opacity {
            hash.append(UInt8(quantised(15 * opacity.dc) | (quantised(15 * opacity.scale) << 4)))
        }
        let start = hash.count
        var index = 0
        for channel in [luminance, chromaP, chromaQ] + (opacity.map { [$0] } ?? []) {
            for term in channel.ac {
                let position = start + (index >> 1)
                if position == hash.count { hash.append(0) }
                hash[position] |= UInt8(quantised(15 * term) << ((index & 1) << 2))
                index += 1
            }
        }
        return hash
    }

    /// The hash of the image file at `path`, shrunk to 100 × 100 with libvips first. Blocks: run it on a thread pool.
    public static func make(path: String) throws -> [UInt8] {
        try MediaLibraries.start()
        var output = dcn_vips_variant()
        guard dcn_vips_thumbnail_rgba(path, "fail_on=error", 100, &output) == 0 else {
            throw VariantRenderError.fromLibvips()
        }
        defer { dcn_vips_free(output.data) }
        let rgba = Array(UnsafeRawBufferPointer(start: output.data, count: output.length))
        return encode(width: Int(output.width), height: Int(output.height), rgba: rgba)
    }

    /// The average colour a hash carries (red, green, blue, alpha, each 0–1), as decoders read it.
    public static func averageColour(of hash: [UInt8]) -> (r: Double, g: Double, b: Double, a: Double) {
        let header = Int(hash[0]) | (Int(hash[1]) << 8) | (Int(hash[2]) << 16)
        let l = Double(header & 63) / 63
        let p = Double((header >> 6) & 63) / 31.5 - 1
        let q = Double((header >> 12) & 63) / 31.5 - 1
        let hasAlpha = (header >> 23) != 0
        let a = hasAlpha ? Double(hash[5] & 15) / 15 : 1
        let b = l - 2 / 3 * p
        let r = (3 * l - b + q) / 2
        let g = r - q
        func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
        return (clamp(r), clamp(g), clamp(b), a)
    }

    /// The aspect ratio (width / height) a hash carries, approximately.
    public static func approximateAspectRatio(of hash: [UInt8]) -> Double {
        let header = Int(hash[3]) | (Int(hash[4]) << 8)
        let hasAlpha = (hash[2] & 0x80) != 0
        let isLandscape = (header & 0x8000) != 0
        let lx = isLandscape ? (hasAlpha ? 5 : 7) : header & 7
        let ly = isLandscape ? header & 7 : (hasAlpha ? 5 : 7)
        return Double(lx) / Double(ly)
    }

    /// One channel's DCT: the constant term, the other terms scaled into 0–1, and their scale.
    struct Channel {
        var dc = 0.0
        var ac: [Double] = []
        var scale = 0.0

        init(_ values: [Double], width w: Int, height h: Int, nx: Int, ny: Int) {
            var fx = [Double](repeating: 0, count: w)
            for cy in 0..<ny {
                var cx = 0
                while cx * ny < nx * (ny - cy) {
                    for x in 0..<w { fx[x] = cos(Double.pi / Double(w) * Double(cx) * (Double(x) + 0.5)) }
                    var f = 0.0
                    for y in 0..<h {
                        let fy = cos(Double.pi / Double(h) * Double(cy) * (Double(y) + 0.5))
                        for x in 0..<w { f += values[x + y * w] * fx[x] * fy }
                    }
                    f /= Double(w * h)
                    if cx > 0 || cy > 0 {
                        ac.append(f)
                        scale = max(scale, abs(f))
                    } else {
                        dc = f
                    }
                    cx += 1
                }
            }
            if scale > 0 { ac = ac.map { 0.5 + 0.5 / scale * $0 } }
        }
    }
}
