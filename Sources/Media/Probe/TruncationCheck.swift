/// Whether an image file ends where its format says it must: a JPEG with its end-of-image marker, a PNG with its
/// `IEND` chunk, a GIF with its trailer, a WebP as long as its RIFF header declares. Decoders fill a cut-off
/// picture in with grey and only warn; a cut-off upload should fail instead, visibly.
public enum TruncationCheck {
    /// Why the file looks cut off, or nil when its end is where it should be (or the format has no such mark).
    public static func reason(contentType: String, head: [UInt8], tail: [UInt8], size: Int) -> String? {
        func ends(with bytes: [UInt8]) -> Bool {
            // Some encoders pad a few bytes after the end marker: look in the last 16.
            guard tail.count >= bytes.count else { return false }
            return (0...(tail.count - bytes.count)).contains { Array(tail[$0..<($0 + bytes.count)]) == bytes }
        }
        switch contentType {
        case "image/jpeg":
            return ends(with: [0xFF, 0xD9]) ? nil : "the JPEG is truncated (no end-of-image marker)"
        case "image/png", "image/apng":
            return ends(with: Array("IEND".utf8)) ? nil : "the PNG is truncated (no IEND chunk)"
        case "image/gif":
            return tail.last == 0x3B ? nil : "the GIF is truncated (no trailer)"
        case "image/webp":
            guard head.count >= 8 else { return "the WebP is truncated" }
            let declared = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
            return declared + 8 <= size ? nil : "the WebP is truncated (\(size) of \(declared + 8) bytes)"
        default:
            return nil
        }
    }
}
