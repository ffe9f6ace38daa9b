import Foundation
import TestSupport
import Testing

@testable import Media

/// The sniffer and the header probe on files libvips itself wrote (the `vips` tool from libvips-tools), so the
/// hand-built headers of the other tests are checked against real encoders.
@Suite struct ImageHeaderProbeRealFilesTests {
    let directory = "/tmp/dcn-vipsfiles-\(UUID().uuidString.prefix(8))"

    func vips(_ arguments: [String]) async throws {
        let run = try await ToolRun.run("/usr/bin/vips", arguments, directory: directory)
        #expect(run.status == 0, "vips \(arguments.joined(separator: " ")): \(run.status) \(run.errorText)")
    }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
    }

    @Test func everyFormatLibvipsWritesIsSniffedAndMeasured() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await vips(["black", "base.v", "300", "200", "--bands", "3"])
        try await vips(["copy", "base.v", "base.png"])
        // Frames that differ: libwebp folds identical frames into a still picture.
        try await vips(["invert", "base.png", "white.png"])
        try await vips(["arrayjoin", "base.png white.png base.png", "strip.png", "--across", "1"])
        let files: [(String, [String], String, Bool)] = [
            ("still.png", ["copy", "base.v", "still.png"], "image/png", false),
            ("baseline.jpg", ["copy", "base.v", "baseline.jpg"], "image/jpeg", false),
            ("progressive.jpg", ["jpegsave", "base.v", "progressive.jpg", "--interlace"], "image/jpeg", false),
            ("still.webp", ["copy", "base.v", "still.webp"], "image/webp", false),
            ("still.gif", ["copy", "base.v", "still.gif"], "image/gif", false),
            ("still.tif", ["copy", "base.v", "still.tif"], "image/tiff", false),
            ("still.avif", ["copy", "base.v", "still.avif"], "image/avif", false),
            ("animated.gif", ["copy", "strip.png", "animated.gif[page_height=200]"], "image/gif", true),
            ("animated.webp", ["copy", "strip.png", "animated.webp[page_height=200]"], "image/webp", true),
        ]
        for (name, command, contentType, animated) in files {
            try await vips(command)
            let data = try bytes(name)
            #expect(ContentSniffer.sniff(data).contentType == contentType, "\(name)")
            let header = try #require(ImageHeaderProbe.probe(data, contentType: contentType), "\(name)")
            #expect(header.width == 300 && header.height == 200, "\(name): \(header)")
            #expect(header.animated == animated, "\(name)")
            #expect(header.progressive == (name == "progressive.jpg"), "\(name)")
        }
    }
}
