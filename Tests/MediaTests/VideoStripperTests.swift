import Foundation
import TestSupport
import Testing

@testable import Media

/// Videos written by ffmpeg with revealing tags, remuxed by `VideoStripper`: the tags are gone, the pictures and
/// sound are the same packets.
@Suite struct VideoStripperTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "dcn-video-strip-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let secret = "SECRET-GPS-48.8584-2.2945"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var muxer: String
        var codecs: [String]
        var videoCodec: String
        var audioCodec: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "clip.mp4", muxer: "mp4", codecs: ["-c:v", "mpeg4", "-c:a", "aac"], videoCodec: "mpeg4",
            audioCodec: "aac"),
        Case(
            name: "clip.mov", muxer: "mov", codecs: ["-c:v", "mpeg4", "-c:a", "aac"], videoCodec: "mpeg4",
            audioCodec: "aac"),
        Case(
            name: "clip.webm", muxer: "webm", codecs: ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus"],
            videoCodec: "vp8", audioCodec: "opus"),
        Case(
            name: "clip.mkv", muxer: "matroska", codecs: ["-c:v", "mpeg4", "-c:a", "flac"], videoCodec: "mpeg4",
            audioCodec: "flac"),
    ]

    @Test(arguments: cases)
    func tagsAreRemovedAndStreamsKept(_ video: Case) async throws {
        let input = directory + "/" + video.name
        let made = try await ToolRun.run(
            "/usr/bin/ffmpeg",
            [
                "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=2", "-f", "lavfi",
                "-i", "sine=duration=2",
            ] + video.codecs + [
                "-metadata", "title=\(Self.secret)", "-metadata", "comment=\(Self.secret)",
                "-metadata", "location=+48.8584+002.2945/", "-metadata:s:v:0", "handler_name=\(Self.secret)", input,
            ])
        try #require(made.status == 0, "\(made.errorText)")
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        #expect(original.range(of: Data(Self.secret.utf8)) != nil, "the test file carries the tags")

        let output = directory + "/stripped-" + video.name
        try VideoStripper.strip(videoPath: input, to: output, muxer: video.muxer)
        let stripped = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(stripped.range(of: Data(Self.secret.utf8)) == nil, "no tag survives")
        #expect(stripped.range(of: Data("+48.8584".utf8)) == nil, "no location survives")

        let header = try #require(MediaHeaderProbe.probe(Array(stripped.prefix(256 * 1024))))
        #expect(header.kind == .video && header.width == 320 && header.height == 240)
        #expect(header.videoCodec == video.videoCodec && header.audioCodec == video.audioCodec)
        #expect(abs((header.duration ?? 0) - 2) < 0.2, "\(String(describing: header.duration))")
        let before = try await packetSizes(input)
        #expect(try await packetSizes(output) == before, "the same packets, not re-encoded")
        #expect(!before.isEmpty)
    }

    /// The sizes of every packet, per stream, as ffprobe lists them.
    func packetSizes(_ path: String) async throws -> [String] {
        let probe = try await ToolRun.run(
            "/usr/bin/ffprobe",
            ["-v", "error", "-show_entries", "packet=stream_index,size", "-of", "csv=p=0", path])
        try #require(probe.status == 0, "\(probe.errorText)")
        return probe.outputText.split(separator: "\n").map(String.init).sorted()
    }

    @Test func aFileThatIsNotAVideoIsAnErrorNotACrash() throws {
        let input = directory + "/noise.mp4"
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131) }).write(to: URL(fileURLWithPath: input))
        #expect(throws: PosterError.self) {
            try VideoStripper.strip(videoPath: input, to: directory + "/noise-out.mp4", muxer: "mp4")
        }
    }

    @Test func onlyContainersThatCanBeWrittenAgainAreRemuxed() {
        #expect(VideoStripper.muxer(for: "video/mp4") == "mp4")
        #expect(VideoStripper.muxer(for: "video/x-matroska") == "matroska")
        #expect(VideoStripper.muxer(for: "video/x-msvideo") == nil)
    }
}
