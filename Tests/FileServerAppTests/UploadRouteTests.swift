import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobQueue
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

extension HTTPFields {
    init(_ values: [String: String]) {
        self.init()
        for (name, value) in values { self[HTTPField.Name(name)!] = value }
    }
}

/// Uploads through the real router, on the disk store with SQLite and on SeaweedFS with PostgreSQL: what is
/// answered, what is stored, and that every refusal leaves nothing behind.
@Suite struct UploadRouteTests {
    struct Answer: Decodable { var id: String }
    struct ErrorAnswer: Decodable, Equatable {
        var type: String
        var max: Int?
    }

    func upload(
        _ client: some TestClientProtocol,
        _ fixture: FileServerFixture,
        tag: String = "attachments",
        body: ByteBuffer,
        headers: [String: String]? = nil,
        contentType: String = UploadSamples.formContentType
    ) async throws -> TestResponse {
        var fields = HTTPFields(headers ?? fixture.authHeaders)
        fields[.contentType] = contentType
        return try await client.execute(uri: "/autumn/\(tag)", method: .post, headers: fields, body: body)
    }

    @Test(arguments: FileServerFixture.Backend.allCases)
    func anImageIsStoredDescribedQueuedAndDeduplicated(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        let png = UploadSamples.png(width: 640, height: 480, padding: 5000, seed: Int.random(in: 0..<1_000_000))
        try await buildApplication(fixture.configuration).test(.router) { client in
            let first = try await upload(client, fixture, body: UploadSamples.form(png, contentType: "text/plain"))
            #expect(first.status == .ok)
            let second = try await upload(client, fixture, body: UploadSamples.form(png, filename: "again.png"))
            let firstID = try JSONDecoder().decode(Answer.self, from: first.body).id
            let secondID = try JSONDecoder().decode(Answer.self, from: second.body).id
            #expect(firstID.count == 42 && secondID.count == 42 && firstID != secondID)

            let (record, object) = try await fixture.metadata { store in
                let record = try #require(try await store.file(id: firstID))
                return (record, try await store.object(hash: record.hash))
            }
            #expect(record.contentType == "image/png")
            #expect(record.size == Int64(png.count))
            #expect(record.uploaderID == fixture.userID)
            #expect(record.metadata == #"{"type":"Image","width":640,"height":480,"animated":false}"#)
            #expect(object?.refs == 2)
            #expect(try await fixture.blobKeys(among: object.map { [$0.storageKey] }).count == 1)

        }
        // One media.process job ran for both records (the worker in the app takes it): both leave `pending`.
        for _ in 0..<300 {
            let states = try await fixture.metadata { try await $0.files(hash: UploadIngestHash.sha256(png)) }
                .map(\.processing)
            if states.count == 2 && !states.contains(.pending) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let states = try await fixture.metadata { try await $0.files(hash: UploadIngestHash.sha256(png)) }
            .map(\.processing)
        #expect(states.count == 2 && !states.contains(.pending))
    }

    /// Eight clients upload the same bytes at once: eight records, one object counting eight references, one blob.
    @Test(arguments: FileServerFixture.Backend.allCases)
    func concurrentIdenticalUploadsShareOneObject(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        let bytes = UploadSamples.text("the same bytes \(UUID().uuidString)")
        try await buildApplication(fixture.configuration).test(.router) { client in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let response = try await upload(
                            client, fixture, body: UploadSamples.form(bytes, filename: "copy\(index).txt")
                        )
                        return try JSONDecoder().decode(Answer.self, from: response.body).id
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 8)
        }
        let object = try await fixture.metadata { try await $0.object(hash: UploadIngestHash.sha256(bytes)) }
        #expect(object?.refs == 8)
        #expect(try await fixture.blobKeys().count == 1)
    }

    @Test func aBotTokenUploadsAndMissingOrWrongTokensAreRefused() async throws {
        let fixture = try await FileServerFixture.make()
        let body = UploadSamples.form(UploadSamples.text("hello"), filename: "hello.txt")
        try await buildApplication(fixture.configuration).test(.router) { client in
            #expect(
                try await upload(client, fixture, body: body, headers: ["X-Bot-Token": fixture.botToken]).status == .ok)
            let none = try await upload(client, fixture, body: body, headers: [:])
            #expect(none.status == .unauthorized)
            #expect(try JSONDecoder().decode(ErrorAnswer.self, from: none.body).type == "NotAuthenticated")
            let wrong = try await upload(client, fixture, body: body, headers: ["X-Session-Token": "not-a-token"])
            #expect(wrong.status == .unauthorized)
            #expect(try JSONDecoder().decode(ErrorAnswer.self, from: wrong.body).type == "InvalidSession")
            let botAsSession = try await upload(
                client, fixture, body: body, headers: ["X-Session-Token": fixture.botToken])
            #expect(botAsSession.status == .unauthorized)
        }
    }

    @Test func anonymousUploadsAreRateLimitedPerAddress() async throws {
        let fixture = try await FileServerFixture.make(
            .disk, ["files.anonymous_uploads": "true", "files.rate_limit": "3", "files.rate_limit_window": "1m"]
        )
        let body = UploadSamples.form(UploadSamples.text("anonymous"), filename: "a.txt")
        try await buildApplication(fixture.configuration).test(.router) { client in
            for _ in 0..<3 { #expect(try await upload(client, fixture, body: body, headers: [:]).status == .ok) }
            let refused = try await upload(client, fixture, body: body, headers: [:])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3")
            #expect(refused.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
            #expect(refused.headers[HTTPField.Name("X-RateLimit-Bucket")!] == "upload:attachments")
            let retryAfter = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect((1...60).contains(retryAfter))
            let json = try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any]
            #expect(json?["type"] as? String == "RateLimited")
            #expect(((json?["retry_after"] as? Double) ?? 0) > 0)
            // Another tag has its own window; a signed-in user is counted apart from the anonymous address.
            #expect(try await upload(client, fixture, tag: "attachments", body: body).status == .ok)
        }
    }

    /// Ten per window by default; the window is long here so a loaded machine cannot outlast it.
    @Test func theSignedInUserGetsTenUploadsPerTagPerWindow() async throws {
        let fixture = try await FileServerFixture.make(.disk, ["files.rate_limit_window": "10m"])
        let body = UploadSamples.form(UploadSamples.text("limit"), filename: "l.txt")
        try await buildApplication(fixture.configuration).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<11 { statuses.append(try await upload(client, fixture, body: body).status) }
            #expect(statuses.prefix(10).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            let avatar = UploadSamples.form(UploadSamples.png(width: 64, height: 64), filename: "a.png")
            #expect(try await upload(client, fixture, tag: "avatars", body: avatar).status == .ok)
        }
    }

    /// Each refusal answers Autumn's error shape and stores nothing: no record, no new blob.
    @Test(arguments: FileServerFixture.Backend.allCases)
    func badInputIsRefusedAndLeavesNothing(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        let store = try fixture.blobs()
        let html = UploadSamples.text("<!DOCTYPE html><html><script>alert(1)</script></html>")
        let svg = UploadSamples.text(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#)
        let huge = UploadSamples.png(width: 100_000, height: 100_000)
        let jpegCutBeforeFrame: [UInt8] =
            [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 1, 0, 0, 1]
        // 64 megapixels, progressive (over the 25-megapixel limit for those), declared after 4 MiB of XMP.
        let hiddenFrame = UploadSamples.withXMP(
            UploadSamples.progressiveJPEGHeader(width: 8000, height: 8000), segments: 64)
        let cases: [(String, String, ByteBuffer, String, HTTPResponse.Status, ErrorAnswer)] = [
            (
                "unknown tag", "stickers", UploadSamples.form(html), UploadSamples.formContentType, .badRequest,
                ErrorAnswer(type: "UnknownTag")
            ),
            (
                "wrong field", "attachments", UploadSamples.form(html, field: "upload"), UploadSamples.formContentType,
                .badRequest, ErrorAnswer(type: "MissingData")
            ),
            (
                "no multipart", "attachments", ByteBuffer(string: "just bytes"), "application/octet-stream",
                .badRequest,
                ErrorAnswer(type: "MissingData")
            ),
            (
                "empty form", "attachments", ByteBuffer(string: "--\(UploadSamples.boundary)--\r\n"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "MissingData")
            ),
            (
                "empty file", "attachments", UploadSamples.form([]), UploadSamples.formContentType,
                .unprocessableContent, ErrorAnswer(type: "FileTooSmall")
            ),
            (
                "too large", "emojis", UploadSamples.form(UploadSamples.png(width: 64, height: 64, padding: 600_000)),
                UploadSamples.formContentType, .unprocessableContent, ErrorAnswer(type: "FileTooLarge", max: 500_000)
            ),
            (
                "html as image", "avatars", UploadSamples.form(html, contentType: "image/png"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FileTypeNotAllowed")
            ),
            (
                "svg as image", "icons", UploadSamples.form(svg, filename: "x.svg", contentType: "image/svg+xml"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FileTypeNotAllowed")
            ),
            (
                "text claiming png", "avatars",
                UploadSamples.form(UploadSamples.text("plain words"), contentType: "image/png"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FileTypeNotAllowed")
            ),
            (
                "100,000² png", "attachments", UploadSamples.form(huge), UploadSamples.formContentType,
                .unprocessableContent, ErrorAnswer(type: "ImageTooLarge")
            ),
            (
                "jpeg cut before its frame header", "avatars",
                UploadSamples.form(jpegCutBeforeFrame, filename: "x.jpg"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FileTypeNotAllowed")
            ),
            (
                "huge progressive jpeg behind 4 MiB of xmp", "attachments",
                UploadSamples.form(hiddenFrame, filename: "x.jpg"), UploadSamples.formContentType,
                .unprocessableContent, ErrorAnswer(type: "ImageTooLarge")
            ),
            (
                "jpeg cut before its frame header, behind xmp", "avatars",
                UploadSamples.form(UploadSamples.withXMP(jpegCutBeforeFrame, segments: 8), filename: "x.jpg"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FileTypeNotAllowed")
            ),
            (
                "truncated multipart", "attachments",
                ByteBuffer(
                    string: "--\(UploadSamples.boundary)\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"a.txt\"\r\n\r\nsome bytes and then nothing"),
                UploadSamples.formContentType, .badRequest, ErrorAnswer(type: "FailedToReceive")
            ),
        ]
        let keysBefore = try await fixture.blobKeys()
        try await buildApplication(fixture.configuration).test(.router) { client in
            for (name, tag, body, contentType, status, expected) in cases {
                let response = try await upload(client, fixture, tag: tag, body: body, contentType: contentType)
                #expect(response.status == status, "\(name)")
                #expect(try JSONDecoder().decode(ErrorAnswer.self, from: response.body) == expected, "\(name)")
                #expect(response.headers[.connection] == "close", "\(name): the unread body is not drained")
            }
        }
        #expect(try await fixture.blobKeys() == keysBefore)
        let stats = try await fixture.jobs().stats(.media)
        #expect(stats.waiting == 0)
        if case .s3 = backend, let s3 = store as? S3BlobStore {
            #expect(try await s3.pendingMultipartUploads().isEmpty)
        }
    }

    /// The store refuses the bytes (its credentials were revoked): 503 with a clear error, and no record.
    @Test func aFailingBlobStoreAnswers503AndRecordsNothing() async throws {
        let fixture = try await FileServerFixture.make(
            .s3, ["storage.s3.create_bucket": "false", "storage.s3.secret_key": "revoked-secret"]
        )
        let png = UploadSamples.png(width: 32, height: 32, padding: 100, seed: Int.random(in: 0..<1_000_000))
        try await buildApplication(fixture.configuration).test(.router) { client in
            let response = try await upload(client, fixture, body: UploadSamples.form(png))
            #expect(response.status == .serviceUnavailable)
            #expect(try JSONDecoder().decode(ErrorAnswer.self, from: response.body).type == "StorageUnavailable")
            #expect(!String(buffer: response.body).contains(TestEndpoints.s3SecretKey))
        }
        let hash = UploadIngestHash.sha256(png)
        #expect(try await fixture.metadata { try await $0.files(hash: hash) }.isEmpty)
    }

    @Test func videoAndAudioAreDescribedFromTheirHeaders() async throws {
        let fixture = try await FileServerFixture.make()
        let video = try await MediaTools.ffmpeg(
            "clip.mp4",
            [
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=2", "-c:v", "mpeg4", "-movflags",
                "+faststart",
            ]
        )
        let audio = try await MediaTools.ffmpeg(
            "tone.mp3", ["-f", "lavfi", "-i", "sine=duration=3", "-c:a", "libmp3lame"])
        try await buildApplication(fixture.configuration).test(.router) { client in
            var ids: [String] = []
            for (bytes, name) in [(video, "clip.mp4"), (audio, "tone.mp3")] {
                let response = try await upload(client, fixture, body: UploadSamples.form(bytes, filename: name))
                try #require(response.status == .ok)
                ids.append(try JSONDecoder().decode(Answer.self, from: response.body).id)
            }
            let records = try await fixture.metadata { store in
                [try await store.file(id: ids[0]), try await store.file(id: ids[1])]
            }
            #expect(records[0]?.contentType == "video/mp4")
            // The poster's placeholder (`thumbhash`) may already have been added by the worker.
            #expect(records[0]?.metadata.hasPrefix(#"{"type":"Video","width":320,"height":240,"duration":2.0"#) == true)
            #expect(records[1]?.contentType == "audio/mpeg")
            #expect(records[1]?.metadata.hasPrefix(#"{"type":"Audio","duration":3."#) == true)

            let avatar = try await upload(client, fixture, tag: "avatars", body: UploadSamples.form(video))
            #expect(avatar.status == .badRequest)
        }
    }

    @Test func fileNamesAreSanitized() async throws {
        let fixture = try await FileServerFixture.make()
        let names = [
            ("../../etc/passwd", "passwd"), ("a\u{0}b.txt", "ab.txt"), ("evil\u{202E}gpj.exe", "evilgpj.exe"),
            (String(repeating: "x", count: 10_000) + ".txt", nil),
        ]
        try await buildApplication(fixture.configuration).test(.router) { client in
            for (name, expected) in names {
                let body = UploadSamples.form(UploadSamples.text("named \(name.count)"), filename: name)
                let response = try await upload(client, fixture, body: body)
                #expect(response.status == .ok)
                let id = try JSONDecoder().decode(Answer.self, from: response.body).id
                let stored = try #require(try await fixture.metadata { try await $0.file(id: id) }).filename
                if let expected { #expect(stored == expected) }
                #expect(!stored.contains("/") && !stored.contains("\u{0}") && !stored.contains("\u{202E}"))
                #expect(stored.count <= 128)
            }
        }
    }

    @Test func serviceInfoListsEveryTagWithItsLimits() async throws {
        let fixture = try await FileServerFixture.make()
        try await buildApplication(fixture.configuration).test(.router) { client in
            let response = try await client.execute(uri: "/autumn/", method: .get)
            #expect(response.status == .ok)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(json["autumn"] as? String == "Hello, I am a file server!")
            let tags = try #require(json["tags"] as? [String: [String: Any]])
            #expect(Set(tags.keys) == ["attachments", "avatars", "backgrounds", "icons", "banners", "emojis"])
            #expect(tags["attachments"]?["max_size"] as? Int == 20_000_000)
            #expect(tags["avatars"]?["restrict_content_type"] as? String == "Image")
            #expect(tags["emojis"]?["use_ulid"] as? Bool == true)
        }
    }
}

enum UploadIngestHash {
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
