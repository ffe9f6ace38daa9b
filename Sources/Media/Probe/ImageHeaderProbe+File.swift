import Foundation

extension ImageHeaderProbe {
    /// The header of a picture file: a JPEG's segments are followed to its frame however far into the file it lies
    /// (read in 64 KiB chunks, never held whole); other formats are read from their first 64 KiB. Blocks: run it
    /// on a thread pool.
    public static func probe(path: String, contentType: String) -> ImageHeader? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard contentType == "image/jpeg" else {
            return probe(Array((try? handle.read(upToCount: 1 << 16)) ?? Data()), contentType: contentType)
        }
        var scanner = JPEGHeaderScanner()
        while !scanner.finished, let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            chunk.withUnsafeBytes { scanner.feed($0) }
        }
        return scanner.header
    }
}
