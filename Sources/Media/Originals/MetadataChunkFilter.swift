import Foundation

/// Removes metadata from JPEG, PNG and WebP files by dropping segments and chunks, without decoding or re-encoding
/// a pixel: for pictures that need no turning (no quality lost, and far cheaper than a re-encode) and for animations
/// (APNG, animated WebP), whose frames libvips would not all carry through one. Nil when the structure is broken.
/// The answer points into the file's bytes rather than copying them (`SplicedFile`).
public enum MetadataChunkFilter {
    /// Keeps SOI, the JFIF header (APP0), colour profiles (APP2 `ICC_PROFILE`), Adobe's colour transform flag
    /// (APP14, needed for CMYK) and every coding segment and scan; drops the other APPn segments (Exif, XMP, IPTC,
    /// maker notes) and comments, wherever they are, and anything after EOI.
    public static func jpeg(_ bytes: [UInt8]) -> SplicedFile? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var output = SplicedFile(source: bytes)
        output.keep(0..<2)
        var offset = 2
        while offset + 1 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            if marker == 0xD9 {
                output.keep(offset..<(offset + 2))
                return output
            }
            guard offset + 3 < bytes.count else { return nil }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let end = offset + 2 + length
            guard length >= 2, end <= bytes.count else { return nil }
            if keepsJPEGSegment(marker: marker, payload: bytes[(offset + 4)..<end]) { output.keep(offset..<end) }
            offset = end
            if marker == 0xDA {
                guard let scanEnd = endOfEntropyCodedData(bytes, from: offset) else { return nil }
                output.keep(offset..<scanEnd)
                offset = scanEnd
            }
        }
        return nil
    }

    /// Where the entropy-coded data starting at `start` ends: the first 0xFF followed by neither a stuffed 0x00, a
    /// restart marker nor a fill byte. Nil when it runs to the end of the file. `memchr` finds each 0xFF, so a scan
    /// of megabytes is crossed at memory speed.
    static func endOfEntropyCodedData(_ bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = start
            while offset < buffer.count {
                guard let found = memchr(base + offset, 0xFF, buffer.count - offset) else { return nil }
                offset = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                guard offset + 1 < buffer.count else { return nil }
                let next = buffer[offset + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) {
                    offset += 2
                } else if next == 0xFF {
                    offset += 1
                } else {
                    return offset
                }
            }
            return nil
        }
    }

    static func keepsJPEGSegment(marker: UInt8, payload: ArraySlice<UInt8>) -> Bool {
        switch marker {
        case 0xE0: payload.starts(with: Array("JFIF".utf8))
        case 0xE2: payload.starts(with: Array("ICC_PROFILE".utf8))
        case 0xEE: payload.starts(with: Array("Adobe".utf8))
        case 0xE1, 0xE3...0xED, 0xEF, 0xFE: false
        default: true
        }
    }

    /// PNG chunks that carry metadata: EXIF, text (comments, camera and GPS notes), modification time.
    static let pngMetadata: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]

    /// Keeps the signature and every chunk but the metadata ones, up to and including `IEND`; anything after it
    /// (the "acropalypse" remains of a larger picture, CVE-2023-21036) is dropped.
    public static func png(_ bytes: [UInt8]) -> SplicedFile? {
        let reader = ByteReader(bytes)
        guard bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            return nil
        }
        var output = SplicedFile(source: bytes)
        output.keep(0..<8)
        var offset = 8
        while let length = reader.uint32BE(offset), let type = reader.ascii(offset + 4, 4) {
            let end = offset + 12 + Int(length)
            guard end <= bytes.count else { return nil }
            if !pngMetadata.contains(type) { output.keep(offset..<end) }
            if type == "IEND" { return output }
            offset = end
        }
        return nil
    }

    /// WebP chunks that carry metadata.
    static let webpMetadata: Set<String> = ["EXIF", "XMP "]

    /// Keeps every RIFF chunk but `EXIF` and `XMP `, clears their flags in `VP8X`, and writes the new RIFF size;
    /// bytes after the declared RIFF end are dropped.
    public static func webp(_ bytes: [UInt8]) -> SplicedFile? {
        let reader = ByteReader(bytes)
        guard reader.ascii(0, 4) == "RIFF", reader.ascii(8, 4) == "WEBP", let declared = reader.uint32LE(4) else {
            return nil
        }
        let riffEnd = min(bytes.count, 8 + Int(declared))
        var output = SplicedFile(source: bytes)
        // The RIFF header, whose size is written once the chunks kept are known.
        output.write(Array(bytes[0..<12]))
        var offset = 12
        while offset + 8 <= riffEnd, let type = reader.ascii(offset, 4), let size = reader.uint32LE(offset + 4) {
            let end = offset + 8 + Int(size) + Int(size & 1)
            guard end <= riffEnd || offset + 8 + Int(size) == riffEnd else { return nil }
            let chunkEnd = min(end, riffEnd)
            if type == "VP8X", size >= 1 {
                var chunk = Array(bytes[offset..<chunkEnd])
                chunk[8] &= ~UInt8(0x0C)  // the EXIF (0x08) and XMP (0x04) flags
                output.write(chunk)
            } else if !webpMetadata.contains(type) {
                output.keep(offset..<chunkEnd)
            }
            offset = chunkEnd
        }
        guard offset == riffEnd else { return nil }
        let riffSize = UInt32(output.count - 8)
        output.pieces[0] = .written(
            Array("RIFF".utf8) + (0..<4).map { UInt8((riffSize >> (8 * UInt32($0))) & 0xFF) } + Array("WEBP".utf8))
        return output
    }
}
