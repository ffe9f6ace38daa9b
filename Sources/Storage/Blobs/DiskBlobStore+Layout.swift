import Foundation

extension DiskBlobStore {
    /// Where a key lives under the root: two fan-out directories and a file name.
    struct Location: Equatable {
        var directory: String
        var name: String
    }

    /// Where `key` is stored, relative to the root (`ab/cd/<name>`): for tools that lay out a store in bulk, such as
    /// the cleanup benchmark, without the per-object fsyncs of `put`.
    public static func relativePath(of key: String) throws(StorageError) -> String {
        let location = try location(of: key)
        return "\(location.directory)/\(location.name)"
    }

    /// `ab/cd/<name>`: the fan-out directories are the key's first four characters (others than letters and digits
    /// become `_`), the name is the key percent-encoded into one path segment.
    static func location(of key: String) throws(StorageError) -> Location {
        try BlobKey.validate(key)
        let name = encodeName(key)
        guard name.utf8.count <= 255 else {
            throw .invalidKey("'\(key)' is too long for a file name once encoded (\(name.utf8.count) > 255 bytes)")
        }
        let fanOut = fanOutDirectories(key)
        return Location(directory: "\(fanOut.0)/\(fanOut.1)", name: name)
    }

    static func fanOutDirectories(_ key: String) -> (String, String) {
        var characters = Array(key.utf8.prefix(4)).map { byte -> Character in
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            return isAlphanumeric ? Character(Unicode.Scalar(byte)) : "_"
        }
        while characters.count < 4 { characters.append("_") }
        return (String(characters[0..<2]), String(characters[2..<4]))
    }

    /// Percent-encodes everything but letters, digits, `-`, `_`, `.` and `~`, and a leading `.`, so a name is one
    /// segment that is never hidden, `.` or `..`.
    static func encodeName(_ key: String) -> String {
        var name = ""
        for (index, byte) in key.utf8.enumerated() {
            let plain =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
                || (byte == UInt8(ascii: ".") && index > 0)
            name += plain ? String(Unicode.Scalar(byte)) : String(format: "%%%02X", byte)
        }
        return name
    }

    static func decodeName(_ name: String) -> String? {
        name.removingPercentEncoding
    }
}
