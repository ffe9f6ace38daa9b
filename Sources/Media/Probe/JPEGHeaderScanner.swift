/// Follows a JPEG's marker segments through its bytes as they stream past, keeping only the two it needs, to read
/// the start-of-frame (size, components, progressive) and the first Exif orientation wherever they lie: Photoshop
/// writes megabytes of XMP ahead of the frame, more than any prefix read for sniffing holds. Segments in between
/// are skipped by their lengths, so feeding a whole file costs a few comparisons per segment.
public struct JPEGHeaderScanner: Sendable {
    /// The header, once the start-of-frame has been read.
    public private(set) var header: ImageHeader?
    /// Not a JPEG, or malformed before its frame (image data or the end came first).
    public private(set) var failed = false
    public var finished: Bool { header != nil || failed }

    private var started = false
    /// The marker (and its length) being read between segments.
    private var marker: [UInt8] = []
    /// Bytes of the current segment still to pass over.
    private var skip = 0
    /// The segment being kept (the frame, or a candidate Exif block), and how much of it is still to come.
    private var kept: (marker: UInt8, body: [UInt8], missing: Int)?
    private var orientation = 1
    private var sawExif = false

    public init() {}

    /// The header of a JPEG held whole (or as a prefix), nil when its frame is not within `bytes`.
    public static func header(of bytes: [UInt8]) -> ImageHeader? {
        var scanner = JPEGHeaderScanner()
        bytes.withUnsafeBytes { scanner.feed($0) }
        return scanner.header
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        var index = 0
        while index < chunk.count, !finished {
            if skip > 0 {
                let count = min(skip, chunk.count - index)
                skip -= count
                index += count
            } else if var segment = kept {
                let count = min(segment.missing, chunk.count - index)
                segment.body.append(contentsOf: chunk[index..<(index + count)])
                segment.missing -= count
                index += count
                kept = segment
                if segment.missing == 0 { finish(segment.marker, segment.body) }
            } else {
                marker.append(chunk[index])
                index += 1
                readMarker()
            }
        }
    }

    private mutating func readMarker() {
        guard started else {
            if marker.count == 2 {
                started = marker == [0xFF, 0xD8]
                failed = !started
                marker = []
            }
            return
        }
        guard marker[0] == 0xFF else {
            failed = true
            return
        }
        guard marker.count >= 2 else { return }
        let code = marker[1]
        switch code {
        case 0xFF:
            marker = [0xFF]  // a fill byte
            return
        case 0xD8, 0xD0...0xD7, 0x01:
            marker = []  // no length follows
            return
        case 0xD9, 0xDA:
            failed = true  // the end, or image data, before any frame
            return
        default:
            break
        }
        guard marker.count == 4 else { return }
        let length = Int(marker[2]) << 8 | Int(marker[3])
        marker = []
        guard length >= 2 else {
            failed = true
            return
        }
        let isFrame = (0xC0...0xCF).contains(code) && ![0xC4, 0xC8, 0xCC].contains(code)
        if isFrame || (code == 0xE1 && !sawExif) {
            kept = (code, [], length - 2)
            if length == 2 { finish(code, []) }
        } else {
            skip = length - 2
        }
    }

    private mutating func finish(_ code: UInt8, _ body: [UInt8]) {
        kept = nil
        let reader = ByteReader(body)
        if code == 0xE1 {
            // Only the first Exif segment counts, as it does for libvips (libexif); XMP shares the marker.
            guard reader.ascii(0, 6) == "Exif\0\0" else { return }
            sawExif = true
            orientation = ImageHeaderProbe.exifOrientation(reader, tiffStart: 6) ?? orientation
            return
        }
        guard let height = reader.uint16BE(1), let width = reader.uint16BE(3), let components = reader.byte(5) else {
            failed = true
            return
        }
        header = ImageHeader(
            width: Int(width), height: Int(height), progressive: [0xC2, 0xC6, 0xCA, 0xCE].contains(code),
            orientation: orientation, components: Int(components)
        )
    }
}
