import Foundation
import TestSupport
import Testing

@testable import Media

/// The libavformat header probe on files written by the `ffmpeg` tool: sizes, durations and codecs from the first
/// bytes, and nothing for what cannot be read from them or must not be opened at all.
@Suite struct MediaHeaderProbeTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "dcn-media-probe-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `name` with ffmpeg from generated test sources and returns its first `prefix` bytes.
    func make(_ name: String, _ arguments: [String], prefix: Int = 256 * 1024) async throws -> [UInt8] {
        let run = try await ToolRun.run(
            "/usr/bin/ffmpeg", ["-v", "error", "-y"] + arguments + [directory + "/" + name])
        try #require(run.status == 0, "ffmpeg \(arguments.joined(separator: " ")): \(run.errorText)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)).prefix(prefix))
    }

    static let picture = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=2"]
    static let sound = ["-f", "lavfi", "-i", "sine=frequency=440:duration=3"]

    @Test func anMP4WithItsIndexFirstIsAVideo() async throws {
        let bytes = try await make("fast.mp4", Self.picture + ["-c:v", "mpeg4", "-movflags", "+faststart"])
        let header = try #require(MediaHeaderProbe.probe(bytes))
        #expect(header.kind == .video)
        #expect(header.width == 320 && header.height == 240)
        #expect(abs((header.duration ?? 0) - 2) < 0.2)
        #expect(header.videoCodec == "mpeg4")
        #expect(header.format.contains("mp4"))
    }

    @Test func aWebMIsAVideo() async throws {
        let bytes = try await make("clip.webm", Self.picture + ["-c:v", "libvpx", "-b:v", "200k"])
        let header = try #require(MediaHeaderProbe.probe(bytes))
        #expect(header.kind == .video)
        #expect(header.width == 320 && header.height == 240)
        #expect(header.videoCodec == "vp8")
    }

    @Test func mp3AndWAVAreAudioWithTheirDuration() async throws {
        for (name, codec) in [("tone.mp3", "libmp3lame"), ("tone.wav", "pcm_s16le")] {
            let header = try #require(MediaHeaderProbe.probe(try await make(name, Self.sound + ["-c:a", codec])))
            #expect(header.kind == .audio, "\(name)")
            #expect(abs((header.duration ?? 0) - 3) < 0.2, "\(name): \(String(describing: header.duration))")
            #expect(header.videoCodec == nil)
        }
    }

    /// Phones write MP4s with the index at the end: the first bytes say nothing, so the upload is kept as a file
    /// and the media worker reads the whole of it.
    @Test func anMP4WithItsIndexLastGivesNothingFromItsStart() async throws {
        let bytes = try await make(
            "slow.mp4", ["-f", "lavfi", "-i", "testsrc=size=640x480:rate=25:duration=2", "-c:v", "mpeg4", "-q:v", "1"],
            prefix: 64 * 1024
        )
        #expect(bytes.count == 64 * 1024, "the file is larger than the bytes probed")
        #expect(MediaHeaderProbe.probe(bytes) == nil)
    }

    @Test func nothingIsReadFromEmptyGarbageOrPlaylists() {
        #expect(MediaHeaderProbe.probe([]) == nil)
        #expect(MediaHeaderProbe.probe(Array(repeating: 0x41, count: 10_000)) == nil)
        let playlist = Array("#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:10,\nfile:///etc/passwd\n".utf8)
        #expect(MediaHeaderProbe.probe(playlist) == nil)
        let concat = Array("ffconcat version 1.0\nfile /etc/passwd\n".utf8)
        #expect(MediaHeaderProbe.probe(concat) == nil)
    }

    @Test func aCorruptIndexIsNotACrash() async throws {
        var bytes = try await make("broken.mp4", Self.picture + ["-c:v", "mpeg4", "-movflags", "+faststart"])
        for index in stride(from: 40, to: min(bytes.count, 4000), by: 7) { bytes[index] ^= 0x5A }
        _ = MediaHeaderProbe.probe(bytes)
        _ = MediaHeaderProbe.probe(Array(bytes.prefix(100)))
    }
}
