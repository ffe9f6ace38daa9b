import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobQueue
import Media
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

/// What the media workers make, through the running app: upright previews and originals without metadata, video
/// posters, audio covers, placeholders and on-demand sizes.
@Suite struct MediaOutputTests {
    /// ffmpeg filters turning the picture as displayed into what a camera stores with each EXIF orientation (the
    /// inverse of what the orientation asks a viewer to do).
    static let storedAs: [Int: String] = [
        1: "null", 2: "hflip", 3: "hflip,vflip", 4: "vflip", 5: "transpose=0", 6: "transpose=2", 7: "transpose=3",
        8: "transpose=1",
    ]

    /// A 300 × 200 picture, black with a white block in its top-left corner, stored turned for `orientation`.
    static func turnedPhoto(orientation: Int) async throws -> [UInt8] {
        let filter = "color=black:s=300x200,drawbox=x=0:y=0:w=120:h=80:color=white:t=fill,\(storedAs[orientation]!)"
        let jpeg = try await MediaTools.ffmpeg(
            "turned-\(orientation)-\(UUID().uuidString).jpg",
            ["-f", "lavfi", "-i", filter, "-frames:v", "1", "-q:v", "2"])
        return MediaTools.withExif(jpeg, orientation: orientation)
    }

    /// White at the top left, black at the bottom right: the picture as displayed.
    static func expectUpright(_ bytes: [UInt8], ext: String) async throws {
        let topLeft = try await MediaTools.pixel(bytes, ext: ext, x: 20, y: 20)
        let bottomRight = try await MediaTools.pixel(bytes, ext: ext, x: 280, y: 180)
        #expect(topLeft.prefix(3).allSatisfy { $0 > 200 }, "top left \(topLeft)")
        #expect(bottomRight.prefix(3).allSatisfy { $0 < 50 }, "bottom right \(bottomRight)")
    }

    @Test(arguments: 1...8)
    func everyOrientationComesOutUprightAndWithoutMetadata(_ orientation: Int) async throws {
        let fixture = try await FileServerFixture.make()
        let photo = try await Self.turnedPhoto(orientation: orientation)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, photo, filename: "photo.jpg")
            // Asked for at once: the original waits until its metadata is gone rather than handing out the GPS note.
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/photo.jpg", method: .get)
            let stripped = Array(buffer: original.body)
            #expect(original.status == .ok)
            #expect(!MediaTools.contains(stripped, "GPS 48.8584"), "the Exif note is gone")
            #expect(!MediaTools.contains(stripped, "Exif"))
            let header = try #require(ImageHeaderProbe.probe(stripped, contentType: "image/jpeg"))
            #expect(header.width == 300 && header.height == 200 && header.orientation == 1)
            try await Self.expectUpright(stripped, ext: "jpg")

            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            #expect(file.metadata.contains(#""width":300,"height":200"#))
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            let previewBytes = Array(buffer: preview.body)
            let shown = try #require(ImageHeaderProbe.probe(previewBytes, contentType: "image/webp"))
            #expect(shown.width == 300 && shown.height == 200)
            try await Self.expectUpright(previewBytes, ext: "webp")
        }
    }

    @Test func theUntouchedUploadIsRemovedUnlessKept() async throws {
        for keep in [false, true] {
            let fixture = try await FileServerFixture.make(.disk, ["files.keep_originals": "\(keep)"])
            let photo = try await Self.turnedPhoto(orientation: 6)
            try await buildApplication(fixture.configuration).test(.router) { client in
                let id = try await fixture.upload(client, photo, filename: "photo.jpg")
                let file = try await fixture.processed(id)
                let object = try #require(try await fixture.metadata { try await $0.object(hash: file.hash) })
                let stripped = try #require(object.variants["original"])
                let store = try fixture.blobs()
                #expect(try await store.head(stripped.key) != nil)
                #expect((try await store.head(object.storageKey) != nil) == keep)
                let served = try await client.execute(uri: "/autumn/attachments/\(id)/photo.jpg", method: .get)
                #expect(served.headers[.eTag] == "\"\(file.hash)-original\"")
                #expect(served.headers[.contentLength] == String(stripped.size))
            }
        }
    }

    @Test func pngTrailingBytesAreDroppedAndThePlaceholderRecorded() async throws {
        let fixture = try await FileServerFixture.make()
        let png = try await MediaTools.vips(
            "red-\(UUID().uuidString).png", ["black", "OUT", "200", "100", "--bands", "3"])
        // The tail of a larger screenshot left behind by an in-place crop (acropalypse), ending in its own IEND.
        let leftover = Array(png.suffix(40)) + Array("SECRET-LEFTOVER".utf8) + Array(png.suffix(12))
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, png + leftover, filename: "crop.png")
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/crop.png", method: .get)
            let bytes = Array(buffer: original.body)
            #expect(!MediaTools.contains(bytes, "SECRET-LEFTOVER"))
            #expect(Array(bytes.suffix(8)) == Array(png.suffix(8)), "it ends with IEND")
            let file = try await fixture.processed(id)
            let hashText = try #require(
                file.metadata.split(separator: "\"").drop { $0 != "thumbhash" }.dropFirst(2).first)
            let hash = try #require(Data(base64Encoded: String(hashText)))
            let colour = ThumbHash.averageColour(of: Array(hash))
            #expect(colour.r < 0.1 && colour.g < 0.1 && colour.b < 0.1, "a black picture")
            #expect(ThumbHash.approximateAspectRatio(of: Array(hash)) > 1.4)
        }
    }

    @Test func aVideoGetsAnUprightPosterFrame() async throws {
        let fixture = try await FileServerFixture.make()
        var turned = try await MediaTools.ffmpeg(
            "turned-\(UUID().uuidString).mp4",
            [
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=3", "-c:v", "mpeg4", "-movflags",
                "+faststart", "-metadata", "title=SECRET-TITLE-42", "-metadata", "location=+48.8584+002.2945/",
            ])
        #expect(MediaTools.contains(turned, "SECRET-TITLE-42"))
        // A phone's portrait clip: the track header's matrix turns the picture a quarter clockwise (FFmpeg 5.1 has no
        // option that writes it, so it is set in place: 36 bytes, 44 bytes after the `tkhd` type).
        let tkhd = try #require((0..<(turned.count - 4)).first { turned[$0..<($0 + 4)].elementsEqual("tkhd".utf8) })
        let quarterTurn: [UInt32] = [0, 0x10000, 0, 0xFFFF_0000, 0, 0, 0, 0, 0x4000_0000]
        turned.replaceSubrange(
            (tkhd + 44)..<(tkhd + 80),
            with: quarterTurn.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } })
        let video = turned
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, video, filename: "clip.mp4")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            #expect(file.metadata.contains(#""thumbhash""#))
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            #expect(preview.status == .ok)
            #expect(preview.headers[.contentType] == "image/webp")
            let poster = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(poster.width == 240 && poster.height == 320, "turned as the display matrix says")
            #expect(file.metadata.contains(#""video_codec":"mpeg4""#), "\(file.metadata)")
            // The original is served remuxed without its tags, still turned, with the same picture.
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/clip.mp4", method: .get)
            let served = Array(buffer: original.body)
            #expect(original.status == .ok && served != video)
            #expect(!MediaTools.contains(served, "SECRET-TITLE-42") && !MediaTools.contains(served, "+48.8584"))
            let header = try #require(MediaHeaderProbe.probe(Array(served.prefix(256 * 1024))))
            #expect(header.width == 320 && header.height == 240 && header.videoCodec == "mpeg4")
            let servedPath = MediaTools.path("served-\(UUID().uuidString).mp4")
            try Data(served).write(to: URL(fileURLWithPath: servedPath))
            let servedPoster = MediaTools.path("served-poster-\(UUID().uuidString).png")
            try PosterFrame.extract(videoPath: servedPath, to: servedPoster, maxPixels: 1 << 24)
            let posterBytes = Array(try Data(contentsOf: URL(fileURLWithPath: servedPoster)))
            #expect(try await MediaTools.vipsHeader(posterBytes, ext: "png", field: "width") == "240", "still turned")
        }
    }

    @Test func anAudioFileShowsItsCover() async throws {
        let fixture = try await FileServerFixture.make()
        let cover = MediaTools.path("cover.png")
        try Data(try await MediaTools.vips("cover.png", ["black", "OUT", "200", "100", "--bands", "3"]))
            .write(to: URL(fileURLWithPath: cover))
        let song = try await MediaTools.ffmpeg(
            "song-\(UUID().uuidString).mp3",
            [
                "-f", "lavfi", "-i", "sine=duration=1", "-i", cover,
                "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic",
                "-id3v2_version", "3",
            ])
        let plain = try await MediaTools.ffmpeg(
            "plain-\(UUID().uuidString).mp3", ["-f", "lavfi", "-i", "sine=duration=2", "-c:a", "libmp3lame"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, song, filename: "song.mp3")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            let shown = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(shown.width == 200 && shown.height == 100)

            let bare = try await fixture.upload(client, plain, filename: "plain.mp3")
            #expect(try await fixture.processed(bare).processing == .ready)
            let redirect = try await client.execute(uri: "/autumn/attachments/\(bare)", method: .get)
            #expect(redirect.status == .found, "no cover: the preview is the file itself")
        }
    }

    /// Twenty clients ask at once for a size nobody has made: one `media.resize` job, one stored variant, one answer.
    @Test func aThunderingHerdMakesOneResize() async throws {
        let fixture = try await FileServerFixture.make()
        let photo = try await MediaTools.ffmpeg(
            "herd-\(UUID().uuidString).jpg",
            ["-f", "lavfi", "-i", "testsrc=size=2000x1500", "-frames:v", "1", "-q:v", "3"])
        let jobs = try fixture.jobs()
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, photo, filename: "herd.jpg")
            #expect(try await fixture.processed(id).processing == .ready)
            func added() async throws -> Int {
                let reply = try await jobs.redis.send("XINFO", "STREAM", jobs.keys.stream(.media)).array ?? []
                let index = try #require(reply.firstIndex { $0.string == "entries-added" })
                return try #require(reply[index + 1].int)
            }
            let before = try await added()
            let answers = try await withThrowingTaskGroup(of: (String?, [UInt8]).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let response = try await client.execute(
                            uri: "/autumn/attachments/\(id)?width=700", method: .get)
                        return (response.headers[.eTag], Array(buffer: response.body))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await added() - before == 1, "one media.resize job for twenty requests")
            let hash = try #require(try await fixture.metadata { try await $0.file(id: id) }).hash
            #expect(Set(answers.map(\.0)) == ["\"\(hash)-attachments.w768\""])
            #expect(Set(answers.map(\.1)).count == 1)
            let made = try #require(ImageHeaderProbe.probe(answers[0].1, contentType: "image/webp"))
            #expect(made.width == 768 && made.height == 576)
        }
    }
}
