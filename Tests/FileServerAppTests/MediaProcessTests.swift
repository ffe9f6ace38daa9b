import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Media
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

/// `media.process` end to end: an upload through the router, the worker in the same app making the variants with
/// libvips, and the preview route serving them.
@Suite struct MediaProcessTests {
    @Test(arguments: FileServerFixture.Backend.allCases)
    func anImageGetsItsPreviewAndThumbnail(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        // A size of its own per run: the S3 suite shares PostgreSQL, where earlier runs' records of the same bytes
        // stay (a width alone, one of a thousand, met an earlier run's record on a long-lived development database).
        let width = Int.random(in: 3000..<4000)
        let tall = Int.random(in: 1500..<2500)
        let jpeg = try await MediaTools.vips(
            "photo-\(width)x\(tall).jpg", ["black", "OUT", "\(width)", "\(tall)", "--bands", "3"])
        let height = Int((Double(tall * 1280) / Double(width)).rounded())
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, jpeg, filename: "photo.jpg")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let object = try #require(try await fixture.metadata { try await $0.object(hash: file.hash) })
            #expect(Set(object.variants.keys) == ["original", "attachments.preview", "attachments.thumb"])
            #expect(object.variants["attachments.preview"]?.width == 1280)
            #expect(abs((object.variants["attachments.preview"]?.height ?? 0) - height) <= 1)

            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            #expect(preview.headers[.contentType] == "image/webp")
            let header = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(header.width == 1280 && abs(header.height - height) <= 1)
            let thumb = try await client.execute(uri: "/autumn/attachments/\(id)?width=300", method: .get)
            let small = try #require(ImageHeaderProbe.probe(Array(buffer: thumb.body), contentType: "image/webp"))
            #expect(max(small.width, small.height) == 320, "the stored thumbnail is close enough")
            // 100 px is far from every stored size: 128 px (the rounded size) is made on demand and kept.
            let made = try await client.execute(uri: "/autumn/attachments/\(id)?width=100", method: .get)
            let tiny = try #require(ImageHeaderProbe.probe(Array(buffer: made.body), contentType: "image/webp"))
            #expect(tiny.width == 128)
            let resized = try #require(try await fixture.metadata { try await $0.object(hash: file.hash) })
            #expect(resized.variants["attachments.w128"]?.width == 128)

            // The same bytes again: processed already, so ready at once without another job.
            let again = try await fixture.upload(client, jpeg, filename: "again.jpg")
            let copy = try #require(try await fixture.metadata { try await $0.file(id: again) })
            #expect(copy.processing == .ready)
        }
    }

    /// A progressive photograph exported by Photoshop, with 2 MiB of XMP ahead of its frame header: still a picture
    /// (its size read as the bytes are stored), still turned upright by its Exif orientation, and previewed.
    @Test func aJPEGWithMegabytesOfXMPBeforeItsFrameIsStillAPicture() async throws {
        let fixture = try await FileServerFixture.make()
        let width = Int.random(in: 1000..<1400)
        let photo = try await MediaTools.vips(
            "xmp-\(width).jpg", ["gaussnoise", "OUT[interlace]", "\(width)", "700"])
        let jpeg = UploadSamples.withXMP(MediaTools.withExif(photo, orientation: 6), segments: 32)
        #expect(ImageHeaderProbe.probe(Array(jpeg.prefix(256 * 1024)), contentType: "image/jpeg") == nil)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, jpeg, filename: "export.jpg")
            let uploaded = try #require(try await fixture.metadata { try await $0.file(id: id) })
            #expect(
                uploaded.metadata.contains(#""type":"Image","width":700,"height":\#(width)"#), "\(uploaded.metadata)")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            let header = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(header.width < header.height, "upright: taller than wide")
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/export.jpg", method: .get)
            #expect(!MediaTools.contains(Array(buffer: original.body), "xmp/extension"), "the XMP is stripped")
        }
    }

    /// A JPEG stored sideways with EXIF orientation 6 (rotate 90°), as phones write them: the preview is upright.
    @Test func phonePhotosComeOutUpright() async throws {
        let fixture = try await FileServerFixture.make()
        let landscape = try await MediaTools.vips("sideways.jpg", ["black", "OUT", "600", "400", "--bands", "3"])
        // An Exif segment saying orientation 6 goes first, before the one libvips wrote (orientation 1): the first
        // one is the one that counts.
        let jpeg = MediaTools.withExif(landscape, orientation: 6)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, jpeg, filename: "sideways.jpg")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            #expect(file.metadata.contains(#""width":400,"height":600"#), "the record shows it as displayed")
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            let header = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(header.width == 400 && header.height == 600)
            #expect(header.orientation == 1, "no orientation left to apply")
        }
    }

    /// An animated GIF: the preview stays animated (WebP), the thumbnail is its first frame.
    @Test func animationsStayAnimatedInThePreview() async throws {
        let fixture = try await FileServerFixture.make()
        let gif = try await MediaTools.ffmpeg(
            "spin.gif", ["-f", "lavfi", "-i", "testsrc=size=800x600:rate=5:duration=1"]
        )
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, gif, filename: "spin.gif")
            let file = try await fixture.processed(id)
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            #expect(file.metadata.contains(#""animated":true"#))
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            let moving = try #require(ImageHeaderProbe.probe(Array(buffer: preview.body), contentType: "image/webp"))
            #expect(moving.animated && moving.width == 800 && moving.height == 600)
            let thumb = try await client.execute(uri: "/autumn/attachments/\(id)?width=300", method: .get)
            let still = try #require(ImageHeaderProbe.probe(Array(buffer: thumb.body), contentType: "image/webp"))
            #expect(!still.animated)
        }
    }

    @Test func aTruncatedJPEGFailsCleanlyAndStaysDownloadable() async throws {
        let fixture = try await FileServerFixture.make()
        let whole = try await MediaTools.vips("cut.jpg", ["black", "OUT", "800", "600", "--bands", "3"])
        let truncated = Array(whole.prefix(whole.count / 2))
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, truncated, filename: "cut.jpg")
            let file = try await fixture.processed(id)
            #expect(file.processing == .failed)
            #expect(file.processingError?.isEmpty == false)
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/cut.jpg", method: .get)
            #expect(Array(buffer: original.body) == truncated)
        }
    }
}
