/// Checks the keys blobs are stored under. A key is 1–1024 bytes of UTF-8, `/`-separated segments, none empty,
/// `.` or `..`, with no NUL, control characters or backslashes, and not starting with `/`, so no backend can be
/// led outside its root or bucket prefix.
public enum BlobKey {
    public static let maximumLength = 1024

    public static func validate(_ key: String) throws(StorageError) {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else {
            throw .invalidKey("a key is 1 to \(maximumLength) bytes, got \(bytes.count)")
        }
        if let bad = bytes.first(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }) {
            throw .invalidKey("'\(key.debugDescription)' contains the byte 0x\(String(bad, radix: 16))")
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else {
                throw .invalidKey("'\(key)' has an empty, '.' or '..' segment (or starts with '/')")
            }
        }
    }
}
