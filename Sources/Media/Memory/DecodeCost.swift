/// The memory one decode of a picture is expected to hold, estimated from its header before any pixel is decoded,
/// so a process can keep its decoders within a budget (`files.decode_memory_mib`) however many jobs run at once.
///
/// Measured with `/usr/bin/time -f %M` (libvips 8.14, libavcodec 59) on the benchmark's photographs: a baseline JPEG
/// shrinks on load in a few MiB whatever its size, while a progressive one holds every DCT coefficient (two bytes a
/// sample) until its last scan, 96 MiB for 16 megapixels; a whole 24-megapixel picture decoded to turn it upright
/// is 72 MiB; a 4K video's poster frame about 90 MiB (libavcodec's reference frames, the RGB copy); a 1280-pixel
/// WebP variant about 20 MiB more than a 512-pixel one.
public enum DecodeCost {
    /// What any decode holds besides the picture-sized buffers counted below: libvips' line buffers and tiles, the
    /// encoded variant, libav's contexts.
    public static let base = 16 << 20

    /// Making a variant with shrink-on-load: the file (some loaders read it whole), plus any buffer the format's
    /// decoder fills with the whole picture.
    public static func shrinking(_ header: ImageHeader, contentType: String, fileSize: Int) -> Int {
        sum(base, fileSize, wholePicture(header, contentType: contentType))
    }

    /// Re-encoding the whole picture (an original turned upright, or one in a format that cannot be filtered):
    /// every pixel decoded at once, the decoder's own buffers, and the encoded file with its copies on the way to
    /// the store.
    public static func reencoding(_ header: ImageHeader, contentType: String, fileSize: Int) -> Int {
        let samples = (header.components ?? 4) * (header.sixteenBit ? 2 : 1)
        return sum(
            base, times(3, fileSize), wholePicture(header, contentType: contentType), times(header.pixels, samples))
    }

    /// Encoding a variant of `width` × `height` at most (never more pixels than the picture has): the encoders take
    /// the whole variant at once, and libwebp adds its YUV planes and work buffers, about 12 bytes a pixel in all.
    public static func encoding(width: Int, height: Int, of header: ImageHeader) -> Int {
        times(min(times(width, height), header.pixels), 12)
    }

    /// Dropping metadata segments without decoding: the file read whole, and the `chunk` of what is kept being copied
    /// to the store (no decoder, so no `base`; the filtered file is never a second whole copy).
    public static func filtering(fileSize: Int, chunk: Int) -> Int { sum(fileSize, chunk) }

    /// Taking a video's poster frame: the decoder's reference frames (YUV 4:2:0, a byte and a half a pixel) and
    /// the RGB frame handed to libvips, about 12 bytes a pixel in all.
    public static func posterFrame(width: Int, height: Int) -> Int { sum(base, times(times(width, height), 12)) }

    /// The buffer a decoder fills with the whole picture before the first line comes out, when it needs one.
    static func wholePicture(_ header: ImageHeader, contentType: String) -> Int {
        let pixels = header.pixels
        switch contentType {
        case "image/jpeg" where header.progressive:
            return times(pixels, (header.components ?? 3) * 2)
        case "image/png", "image/apng":
            guard header.interlaced else { return 0 }
            return times(pixels, (header.components ?? 4) * (header.sixteenBit ? 2 : 1))
        case "image/gif":
            // The RGBA canvas, and the frame before it for disposal.
            return times(pixels, 8)
        case "image/webp" where header.animated:
            return times(pixels, 8)
        case "image/avif", "image/heic":
            // libheif decodes the whole picture: its YUV planes, then RGB(A).
            return times(pixels, 6)
        default:
            return 0
        }
    }

    static func times(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }

    static func sum(_ terms: Int...) -> Int {
        terms.reduce(0) { total, term in
            let (result, overflow) = total.addingReportingOverflow(term)
            return overflow ? .max : result
        }
    }
}
