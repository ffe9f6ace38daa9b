import Foundation

/// Sample media written by Debian's own tools (`vips`, `ffmpeg`), and a look at a picture's pixels.
public enum MediaTools {
    /// Runs `tool` to its end and returns what it printed; a failure names the command and what it said.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        let run = try await ToolRun.run(tool, arguments)
        guard run.status == 0 else {
            throw ToolFailed(description: "\(tool) \(arguments.joined(separator: " ")): \(run.errorText)")
        }
        return run.outputText
    }

    public struct ToolFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public static func path(_ name: String) -> String { TestEndpoints.temporaryDirectory("media") + "/" + name }

    /// Runs `vips` with `OUT` standing for a new file called `name` (`OUT[Q=90]` for it with saver options), and
    /// returns that file's bytes.
    public static func vips(_ name: String, _ arguments: [String]) async throws -> [UInt8] {
        let output = path(name)
        try await run("/usr/bin/vips", arguments.map { $0.hasPrefix("OUT") ? output + $0.dropFirst(3) : $0 })
        return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// Runs `ffmpeg` writing a new file called `name` (the last argument), and returns its bytes.
    public static func ffmpeg(_ name: String, _ arguments: [String]) async throws -> [UInt8] {
        let output = path(name)
        try await run("/usr/bin/ffmpeg", ["-v", "error", "-y"] + arguments + [output])
        return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// The band values of one pixel of an image (`vips getpoint`).
    public static func pixel(_ bytes: [UInt8], ext: String, x: Int, y: Int) async throws -> [Int] {
        try await vipsOutput(bytes, ext: ext, ["getpoint", "IN", "\(x)", "\(y)"]).split(whereSeparator: \.isWhitespace)
            .compactMap { Double($0).map { Int($0.rounded()) } }
    }

    /// One field of an image's header (`vipsheader -f FIELD`), such as `width`.
    public static func vipsHeader(_ bytes: [UInt8], ext: String, field: String) async throws -> String {
        try await vipsOutput(bytes, ext: ext, ["-f", field, "IN"], tool: "/usr/bin/vipsheader").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// What `vips` prints for `arguments`, with `IN` standing for `bytes` written to a file.
    private static func vipsOutput(
        _ bytes: [UInt8], ext: String, _ arguments: [String], tool: String = "/usr/bin/vips"
    ) async throws -> String {
        let input = path("probe-\(UUID().uuidString).\(ext)")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        return try await run(tool, arguments.map { $0 == "IN" ? input : $0 })
    }

    /// A JPEG with an Exif segment stating `orientation` (and a GPS-looking note) put first, before any other.
    public static func withExif(_ jpeg: [UInt8], orientation: Int) -> [UInt8] {
        // Little-endian TIFF header, one IFD with Orientation (0x0112) SHORT and ImageDescription (0x010E) ASCII.
        let note = Array("GPS 48.8584 N 2.2945 E\u{0}".utf8)
        let noteOffset = 8 + 2 + 2 * 12 + 4
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0, 0, 0, 0x02, 0x00]
        tiff += [0x0E, 0x01, 0x02, 0x00] + le32(note.count) + le32(noteOffset)
        tiff += [0x12, 0x01, 0x03, 0x00, 0x01, 0, 0, 0, UInt8(orientation), 0x00, 0x00, 0x00]
        tiff += [0, 0, 0, 0] + note
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        let app1: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        return Array(jpeg.prefix(2)) + app1 + Array(jpeg.dropFirst(2))
    }

    public static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// How many times `text` occurs in `bytes`.
    public static func count(_ bytes: [UInt8], _ text: String) -> Int {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return 0 }
        return (0...(bytes.count - needle.count)).count { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    public static func contains(_ bytes: [UInt8], _ text: String) -> Bool { count(bytes, text) > 0 }
}
