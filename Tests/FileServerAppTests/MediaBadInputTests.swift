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

/// Hostile and odd files through upload and the media worker: each is refused with a clear error, processed, or
/// marked `failed` with its reason, and none crashes or hangs the worker; whatever is kept stays downloadable.
@Suite struct MediaBadInputTests {
    /// Uploads `bytes`, waits for the worker's decision and checks the original is still served.
    func uploadAndProcess(
        _ client: some TestClientProtocol, _ fixture: FileServerFixture, _ bytes: [UInt8], filename: String
    ) async throws -> (id: String, file: FileRecord) {
        let id = try await fixture.upload(client, bytes, filename: filename)
        let file = try await fixture.processed(id)
        let original = try await client.execute(uri: "/autumn/attachments/\(id)/\(filename)", method: .get)
        #expect(original.status == .ok, "a processed or failed file stays downloadable")
        return (id, file)
    }

    func preview(_ client: some TestClientProtocol, _ id: String) async throws -> TestResponse {
        try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
    }

    @Test func aTwoThousandFrameGIFMakesABoundedAnimation() async throws {
        let fixture = try await FileServerFixture.make()
        let gif = try await MediaTools.ffmpeg(
            "many-\(UUID().uuidString).gif", ["-f", "lavfi", "-i", "testsrc=size=16x16:rate=100:duration=20"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, gif, filename: "many.gif")
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let bytes = Array(buffer: try await preview(client, id).body)
            let frames = MediaTools.count(bytes, "ANMF")
            #expect(frames > 1 && frames <= 1000, "\(frames) frames kept of 2000 (max_frames 1000)")
        }
    }

    @Test func aGIFFrameLargerThanItsCanvasIsHandled() async throws {
        let fixture = try await FileServerFixture.make()
        var gif = try await MediaTools.ffmpeg(
            "big-frame-\(UUID().uuidString).gif", ["-f", "lavfi", "-i", "testsrc=size=40x40", "-frames:v", "1"])
        // Shrink the logical screen to 10 × 10; the image descriptor still says 40 × 40.
        gif.replaceSubrange(6..<10, with: [10, 0, 10, 0])
        let bytes = gif
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, bytes, filename: "frame.gif")
            #expect(file.processing != .pending)
            if file.processing == .ready {
                #expect(try await preview(client, id).headers[.contentType] == "image/webp")
            } else {
                #expect(file.processingError?.isEmpty == false)
            }
        }
    }

    @Test func aZeroByteVideoIsTooSmall() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            var headers = HTTPFields(fixture.authHeaders)
            headers[.contentType] = UploadSamples.formContentType
            let response = try await client.execute(
                uri: "/autumn/attachments", method: .post, headers: headers,
                body: UploadSamples.form([], filename: "empty.mp4", contentType: "video/mp4"))
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body) == #"{"type":"FileTooSmall"}"#)
        }
    }

    @Test func anMP4WithACorruptMoovFailsCleanly() async throws {
        let fixture = try await FileServerFixture.make()
        var mp4 = try await MediaTools.ffmpeg(
            "moov-\(UUID().uuidString).mp4",
            [
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2", "-c:v", "mpeg4", "-movflags",
                "+faststart",
            ])
        let moov = try #require((0..<(mp4.count - 4)).first { mp4[$0..<($0 + 4)].elementsEqual("moov".utf8) })
        for index in (moov + 12)..<min(mp4.count, moov + 400) { mp4[index] = 0xFF }
        let bytes = mp4
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, bytes, filename: "broken.mp4")
            #expect(file.processing != .pending)
            if file.metadata.contains(#""type":"Video""#) {
                #expect(file.processing == .failed, "no frame can come out of a broken index")
            } else {
                #expect(file.metadata.contains(#""type":"File""#), "\(file.metadata)")
            }
            #expect(try await preview(client, id).status == .found, "no poster: the preview is the file")
        }
    }

    @Test func anSVGWithScriptIsNeverRasterised() async throws {
        let fixture = try await FileServerFixture.make()
        let svg = Array(
            #"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(\#(Int.random(in: 0..<1_000_000)))</script><rect width="100" height="100"/></svg>"#
                .utf8)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, svg, filename: "x.svg")
            #expect(!file.metadata.contains(#""type":"Image""#))
            let object = try #require(try await fixture.metadata { try await $0.object(hash: file.hash) })
            #expect(object.variants.isEmpty)
            #expect(try await preview(client, id).status == .found)
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/x.svg", method: .get)
            #expect(original.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(original.headers[HTTPField.Name("Content-Security-Policy")!] == "default-src 'none'; sandbox")
        }
    }

    @Test func aGIFThatIsAlsoHTMLIsServedOnlyAsAPicture() async throws {
        let fixture = try await FileServerFixture.make()
        let gif = try await MediaTools.ffmpeg(
            "poly-\(UUID().uuidString).gif", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"])
        // A comment extension carrying a page, right after the header and global colour table.
        let flags = gif[10]
        let tableEnd = 13 + (flags & 0x80 != 0 ? 3 << (Int(flags & 0x07) + 1) : 0)
        let page = Array("<html><script>alert(document.cookie)</script></html>".utf8)
        let comment: [UInt8] = [0x21, 0xFE, UInt8(page.count)] + page + [0]
        let polyglot = Array(gif[..<tableEnd]) + comment + Array(gif[tableEnd...])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, polyglot, filename: "poly.gif")
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let shown = try await preview(client, id)
            #expect(shown.headers[.contentType] == "image/webp")
            #expect(!MediaTools.contains(Array(buffer: shown.body), "<script"), "re-encoded: the page is gone")
            let original = try await client.execute(uri: "/autumn/attachments/\(id)/poly.gif", method: .get)
            #expect(original.headers[.contentType] == "image/gif")
            #expect(original.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }

    @Test func aCMYKJPEGIsConverted() async throws {
        let fixture = try await FileServerFixture.make()
        let name = "cmyk-\(UUID().uuidString)"
        let base = MediaTools.path(name + ".v")
        try Data(try await MediaTools.vips(name + "-src.v", ["black", "OUT", "64", "48", "--bands", "4"]))
            .write(to: URL(fileURLWithPath: base))
        let jpeg = try await MediaTools.vips(name + ".jpg", ["copy", base, "OUT", "--interpretation", "cmyk"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, jpeg, filename: "cmyk.jpg")
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let shown = try #require(
                ImageHeaderProbe.probe(Array(buffer: try await preview(client, id).body), contentType: "image/webp"))
            #expect(shown.width == 64 && shown.height == 48)
        }
    }

    @Test func aSixteenBitPNGWithAlphaKeepsItsDepth() async throws {
        let fixture = try await FileServerFixture.make()
        let name = "deep-\(UUID().uuidString)"
        let eight = MediaTools.path(name + "-8.v")
        let sixteen = MediaTools.path(name + "-16.v")
        try Data(try await MediaTools.vips(name + "-a.v", ["black", "OUT", "64", "48", "--bands", "4"]))
            .write(to: URL(fileURLWithPath: eight))
        try Data(try await MediaTools.vips(name + "-b.v", ["cast", eight, "OUT", "ushort"]))
            .write(to: URL(fileURLWithPath: sixteen))
        let png = try await MediaTools.vips(name + ".png", ["copy", sixteen, "OUT", "--interpretation", "rgb16"])
        try #require(png[24] == 16 && png[25] == 6, "16-bit RGBA")
        try await buildApplication(fixture.configuration).test(.router) { client in
            let (id, file) = try await uploadAndProcess(client, fixture, png, filename: "deep.png")
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let original = Array(
                buffer: try await client.execute(uri: "/autumn/attachments/\(id)/deep.png", method: .get).body)
            #expect(
                original.count > 26 && original[24] == 16 && original[25] == 6, "the stripped PNG is 16-bit RGBA still")
            #expect(try await preview(client, id).headers[.contentType] == "image/webp")
        }
    }

    @Test func aOneBy20000PictureIsRefusedAndAOneBy9000OneProcessed() async throws {
        let fixture = try await FileServerFixture.make()
        let thin = try await MediaTools.vips(
            "thin-\(UUID().uuidString).png", ["black", "OUT", "1", "9000", "--bands", "3"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            var headers = HTTPFields(fixture.authHeaders)
            headers[.contentType] = UploadSamples.formContentType
            let refused = try await client.execute(
                uri: "/autumn/attachments", method: .post, headers: headers,
                body: UploadSamples.form(UploadSamples.png(width: 1, height: 20_000), filename: "line.png"))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains(#""type":"ImageTooLarge""#))

            let (id, file) = try await uploadAndProcess(client, fixture, thin, filename: "thin.png")
            #expect(file.processing == .ready, "\(file.processingError ?? "")")
            let shown = try #require(
                ImageHeaderProbe.probe(Array(buffer: try await preview(client, id).body), contentType: "image/webp"))
            #expect(shown.height == 1280 && shown.width == 1)
        }
    }
}
