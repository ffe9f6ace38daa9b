import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

/// Previews and originals through the real router: validators, ranges, caching and the headers that keep uploaded
/// content from running in the service's origin.
@Suite struct DownloadRouteTests {
    static let security: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", "default-src 'none'; sandbox"),
    ]

    func header(_ response: TestResponse, _ name: String) -> String? {
        response.headers[HTTPField.Name(name)!]
    }

    @Test(arguments: FileServerFixture.Backend.allCases)
    func originalsAreServedWithValidatorsRangesAndSafeHeaders(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        let text = "The quick brown fox \(UUID().uuidString) jumps over the lazy dog."
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, UploadSamples.text(text), filename: "fox.txt")
            let hash = UploadIngestHash.sha256(UploadSamples.text(text))
            let whole = try await client.execute(uri: "/autumn/attachments/\(id)/fox.txt", method: .get)
            #expect(whole.status == .ok)
            #expect(String(buffer: whole.body) == text)
            #expect(whole.headers[.eTag] == "\"\(hash)\"")
            #expect(whole.headers[.contentLength] == String(text.utf8.count))
            #expect(whole.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(whole.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(whole.headers[.contentDisposition] == #"attachment; filename="fox.txt""#)
            #expect(whole.headers[.acceptRanges] == "bytes")
            for (name, value) in Self.security { #expect(header(whole, name) == value) }

            let notModified = try await client.execute(
                uri: "/autumn/attachments/\(id)/fox.txt", method: .get, headers: [.ifNoneMatch: "\"\(hash)\""]
            )
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            #expect(notModified.headers[.eTag] == "\"\(hash)\"")

            let partial = try await client.execute(
                uri: "/autumn/attachments/\(id)/fox.txt", method: .get, headers: [.range: "bytes=4-8"]
            )
            #expect(partial.status == .partialContent)
            #expect(String(buffer: partial.body) == "quick")
            #expect(partial.headers[.contentRange] == "bytes 4-8/\(text.utf8.count)")
            #expect(partial.headers[.contentLength] == "5")

            let suffix = try await client.execute(
                uri: "/autumn/attachments/\(id)/fox.txt", method: .get, headers: [.range: "bytes=-4"]
            )
            #expect(String(buffer: suffix.body) == "dog.")
            let staleIfRange = try await client.execute(
                uri: "/autumn/attachments/\(id)/fox.txt", method: .get,
                headers: [.range: "bytes=0-2", .ifRange: "\"another\""]
            )
            #expect(staleIfRange.status == .ok && String(buffer: staleIfRange.body) == text)

            let outside = try await client.execute(
                uri: "/autumn/attachments/\(id)/fox.txt", method: .get, headers: [.range: "bytes=100000-"]
            )
            #expect(outside.status == .rangeNotSatisfiable)
            #expect(outside.headers[.contentRange] == "bytes */\(text.utf8.count)")

            let head = try await client.execute(uri: "/autumn/attachments/\(id)/fox.txt", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(text.utf8.count))
        }
    }

    @Test func originalRedirectsToTheRealNameAndNonASCIINamesUseRFC5987() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, UploadSamples.text("résumé"), filename: "Résumé 2026.txt")
            let redirect = try await client.execute(uri: "/autumn/attachments/\(id)/original", method: .get)
            #expect(redirect.status == .movedPermanently)
            #expect(redirect.headers[.location] == "/autumn/attachments/\(id)/R%C3%A9sum%C3%A9%202026.txt")
            let file = try await client.execute(
                uri: "/autumn/attachments/\(id)/R%C3%A9sum%C3%A9%202026.txt", method: .get)
            #expect(
                file.headers[.contentDisposition]
                    == #"attachment; filename="R_sum_ 2026.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.txt"#
            )
        }
    }

    @Test func activeContentIsNeverRenderedInline() async throws {
        let fixture = try await FileServerFixture.make()
        let html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, UploadSamples.text(html), filename: "page.png")
            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            #expect(preview.status == .found, "a page has no preview: the preview route sends to the original")
            let location = try #require(preview.headers[.location])
            let original = try await client.execute(uri: location, method: .get)
            #expect(original.headers[.contentType] == "text/html")
            #expect(original.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(header(original, "Content-Security-Policy") == "default-src 'none'; sandbox")
        }
    }

    /// The file server alone (no worker): a video still waiting to be remuxed without its metadata is not served raw.
    @Test func videosWaitForStripping() async throws {
        let fixture = try await FileServerFixture.make(.disk, ["files.processing_wait": "300ms"])
        let video = try await MediaTools.ffmpeg(
            "wait-\(UUID().uuidString).mp4",
            [
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v", "mpeg4", "-movflags",
                "+faststart",
            ])
        try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
            let id = try await fixture.upload(client, video, filename: "clip.mp4")
            let waiting = try await client.execute(uri: "/autumn/attachments/\(id)/clip.mp4", method: .get)
            #expect(waiting.status == .serviceUnavailable)
            #expect(String(buffer: waiting.body).contains(#""type":"FileProcessing""#))
        }
    }

    /// The file server alone (no worker): a PNG still waiting for its metadata to be stripped is not served raw;
    /// once variants are stored, the one asked for is, and a size no worker makes in time falls back to the nearest.
    @Test func previewsWaitForStrippingThenServeTheVariantAskedFor() async throws {
        let fixture = try await FileServerFixture.make(.disk, ["files.processing_wait": "300ms"])
        let png = UploadSamples.png(width: 1000, height: 800, padding: 300, seed: Int.random(in: 0..<1_000_000))
        try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
            let id = try await fixture.upload(client, png, filename: "photo.png")
            for uri in ["/autumn/attachments/\(id)", "/autumn/attachments/\(id)/photo.png"] {
                let waiting = try await client.execute(uri: uri, method: .get)
                #expect(waiting.status == .serviceUnavailable)
                #expect(waiting.headers[.retryAfter] == "1")
                #expect(String(buffer: waiting.body).contains(#""type":"FileProcessing""#))
            }

            // What the media workers store: two variants of the tag's pipeline.
            let hash = UploadIngestHash.sha256(png)
            let store = try fixture.blobs()
            var variants: [String: StoredVariant] = [:]
            for (name, side) in [("attachments.preview", 1000), ("attachments.thumb", 320)] {
                let key = "variants/\(hash)/\(name)"
                _ = try await store.put(
                    UploadSamples.stream(Array("\(name) bytes".utf8)), key: key, contentType: "image/webp")
                variants[name] = StoredVariant(
                    key: key, contentType: "image/webp", size: Int64("\(name) bytes".utf8.count), width: side,
                    height: side * 4 / 5
                )
            }
            _ = try await fixture.metadata { try await $0.setVariants(variants, hash: hash) }
            _ = try await fixture.metadata { try await $0.setProcessing(hash: hash, tag: "attachments", .ready) }

            let preview = try await client.execute(uri: "/autumn/attachments/\(id)", method: .get)
            #expect(String(buffer: preview.body) == "attachments.preview bytes")
            #expect(preview.headers[.eTag] == "\"\(hash)-attachments.preview\"")
            #expect(preview.headers[.contentType] == "image/webp")
            #expect(preview.headers[.contentDisposition] == #"inline; filename="photo.webp""#)
            #expect(preview.headers[.cacheControl] == "public, max-age=31536000, immutable")
            // 300 px wide is within the rounding of the 320 px thumbnail: served as it is.
            let small = try await client.execute(uri: "/autumn/attachments/\(id)?width=300", method: .get)
            #expect(String(buffer: small.body) == "attachments.thumb bytes")
            // 100 px wide would be made on demand; with no worker it times out and the nearest stored size is served.
            let tiny = try await client.execute(uri: "/autumn/attachments/\(id)?width=100", method: .get)
            #expect(String(buffer: tiny.body) == "attachments.thumb bytes")
            let square = try await client.execute(uri: "/autumn/attachments/\(id)?size=500", method: .get)
            #expect(String(buffer: square.body) == "attachments.preview bytes")
            let bad = try await client.execute(uri: "/autumn/attachments/\(id)?width=-3", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func unknownDeletedAndOtherTagsFilesAreNotFound() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, UploadSamples.text("soon gone"), filename: "gone.txt")
            #expect(try await client.execute(uri: "/autumn/avatars/\(id)/gone.txt", method: .get).status == .notFound)
            #expect(
                try await client.execute(uri: "/autumn/attachments/nope/gone.txt", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/autumn/stickers/\(id)", method: .get).status == .badRequest)
            _ = try await fixture.metadata { try await $0.markDeleted(fileID: id) }
            let gone = try await client.execute(uri: "/autumn/attachments/\(id)/gone.txt", method: .get)
            #expect(gone.status == .notFound)
            #expect(String(buffer: gone.body) == #"{"type":"NotFound"}"#)
        }
    }

    @Test func largeOriginalsRedirectToAPresignedURLThatDownloadsThem() async throws {
        let fixture = try await FileServerFixture.make(
            .s3, ["storage.s3.presign_downloads": "true", "files.presign_min_size": "1000"]
        )
        let bytes = UploadSamples.text(String(repeating: "presigned \(UUID().uuidString) ", count: 100))
        try await buildApplication(fixture.configuration).test(.router) { client in
            let id = try await fixture.upload(client, bytes, filename: "big.txt")
            let response = try await client.execute(uri: "/autumn/attachments/\(id)/big.txt", method: .get)
            #expect(response.status == .found)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix(TestEndpoints.s3Endpoint))
            #expect(location.contains("X-Amz-Signature="))
            let answer = try await HTTPClient.shared.execute(HTTPClientRequest(url: location), timeout: .seconds(10))
            #expect(answer.status == .ok)
            #expect(Array(buffer: try await answer.body.collect(upTo: 1 << 20)) == bytes)
            let ranged = try await client.execute(
                uri: "/autumn/attachments/\(id)/big.txt", method: .get, headers: [.range: "bytes=0-8"]
            )
            #expect(ranged.status == .partialContent, "ranges are served here, not redirected")
        }
    }
}

extension UploadSamples {
    static func stream(_ bytes: [UInt8]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            continuation.yield(ByteBuffer(bytes: bytes))
            continuation.finish()
        }
    }
}
