import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Storage

/// What only the S3 backend does: real signatures, error mapping, retries, presigned downloads.
@Suite struct S3BlobStoreTests {
    func store(_ configuration: S3Configuration = BlobBackend.s3Configuration(), attempts: Int = 4) -> S3BlobStore {
        var options = S3BlobStore.Options()
        options.partSize = 5 * 1024 * 1024
        options.maximumAttempts = attempts
        options.retryBaseDelay = .milliseconds(10)
        options.requestTimeout = .seconds(10)
        return S3BlobStore(configuration: configuration, options: options)
    }

    @Test func aWrongSecretIsRefusedByTheServer() async throws {
        let good = try await BlobBackend.s3.makeStore()
        let key = uniquePrefix("forged") + "object"
        let forged = store(BlobBackend.s3Configuration(secret: "not-the-secret"))
        let error = await #expect(throws: StorageError.self) {
            _ = try await forged.put(bodyOf([1, 2, 3]), key: key, contentType: nil)
        }
        guard case .accessDenied = error else {
            Issue.record("expected accessDenied, got \(String(describing: error))")
            return
        }
        #expect(try await good.head(key) == nil)
    }

    @Test func aMissingBucketIsNamed() async throws {
        let missing = store(
            BlobBackend.s3Configuration(bucket: "dcn-no-such-\(UUID().uuidString.prefix(6).lowercased())"))
        let error = await #expect(throws: StorageError.self) {
            _ = try await missing.list(prefix: "", continuation: nil, limit: 1)
        }
        guard case .missing = error else {
            Issue.record("expected missing, got \(String(describing: error))")
            return
        }
    }

    @Test func anUnreachableEndpointIsReported() async throws {
        let closed = store(
            BlobBackend.s3Configuration(endpoint: "http://127.0.0.1:\(TestEndpoints.freePort())"), attempts: 2
        )
        let error = await #expect(throws: StorageError.self) { _ = try await closed.head("k") }
        guard case .unreachable = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffThenReported() async throws {
        let server = try await FakeStoreServer.start(
            .answer(status: 503, body: "<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>")
        )
        try await withTeardown {
            await server.stop()
        } body: {
            let failing = store(BlobBackend.s3Configuration(endpoint: "http://127.0.0.1:\(server.port)"), attempts: 3)
            let error = await #expect(throws: StorageError.self) {
                _ = try await failing.put(bodyOf([1, 2, 3]), key: "k", contentType: nil)
            }
            #expect(String(describing: error).contains("SlowDown"))
            #expect(server.connections == 3)
        }
    }

    @Test func theStoreGoingAwayMidUploadIsAClearError() async throws {
        let server = try await FakeStoreServer.start(.dropAfter(bytes: 1_000_000))
        try await withTeardown {
            await server.stop()
        } body: {
            let vanishing = store(BlobBackend.s3Configuration(endpoint: "http://127.0.0.1:\(server.port)"), attempts: 2)
            let error = await #expect(throws: StorageError.self) {
                _ = try await vanishing.put(ChunkedBody(3 * 1024 * 1024), key: "k", contentType: nil)
            }
            guard case .unreachable = error else {
                Issue.record("expected unreachable, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func theStoreGoingAwayMidDownloadIsAClearError() async throws {
        let key = uniquePrefix("vanish") + "object"
        _ = try await BlobBackend.s3.makeStore().put(ChunkedBody(4 * 1024 * 1024), key: key, contentType: nil)
        // A client of its own, shut down after the first chunk: every connection of the download is cut.
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let isolated = S3BlobStore(configuration: BlobBackend.s3Configuration(), httpClient: client)
        var iterator = try await isolated.get(key, range: nil).body.makeAsyncIterator()
        _ = try await iterator.next()
        try await client.shutdown()
        let error = await #expect(throws: StorageError.self) {
            while try await iterator.next() != nil {}
        }
        guard case .unreachable = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
    }

    /// Whole-part buffers are kept between uploads and reused; a shorter body written into a reused buffer comes
    /// back as itself, with nothing of the longer one before it, in one PUT and in a multipart upload alike.
    @Test func partBuffersAreReusedAndNothingOfTheLastUploadLeaks() async throws {
        let s3 = store()
        try await S3BucketClient(configuration: BlobBackend.s3Configuration()).createBucket()
        let prefix = uniquePrefix("reuse")
        #expect(s3.partBuffers.count == 0 && s3.partBuffers.capacity == 6)
        let long = pseudoRandomBytes(4 << 20, seed: 7)
        let short = pseudoRandomBytes(1 << 20, seed: 8)
        let multipart = pseudoRandomBytes(11 << 20, seed: 9)
        for (name, bytes) in [("long", long), ("short", short), ("multipart", multipart), ("short-again", short)] {
            _ = try await s3.put(bodyOf(bytes, chunk: 64 * 1024), key: prefix + name, contentType: nil)
            #expect(s3.partBuffers.count >= 1, "\(name)")
            #expect(try await s3.get(prefix + name, range: nil).body.bytes() == bytes, "\(name)")
        }
        #expect(s3.partBuffers.count <= s3.partBuffers.capacity)
    }

    @Test func keptPartBuffersAreBoundedAndSmallOnesAreNotKept() {
        let buffers = PartBuffers(partSize: 1024, budget: 2048)
        var first = buffers.take()
        #expect(first.capacity >= 1024 && first.readableBytes == 0)
        first.writeBytes([1, 2, 3])
        buffers.give(first)
        buffers.give(ByteBufferAllocator().buffer(capacity: 1024))
        buffers.give(ByteBufferAllocator().buffer(capacity: 1024))
        buffers.give(ByteBufferAllocator().buffer(capacity: 512))
        #expect(buffers.count == 2)
        #expect(buffers.take().readableBytes == 0 && buffers.take().readableBytes == 0)
        #expect(buffers.count == 0)
    }

    @Test func presignedDownloadsWorkWithoutCredentialsUntilTampered() async throws {
        let s3 = store()
        try await S3BucketClient(configuration: BlobBackend.s3Configuration()).createBucket()
        let key = uniquePrefix("presign") + "name with spaces.txt"
        _ = try await s3.put(bodyOf(Array("presigned".utf8)), key: key, contentType: "text/plain")
        let url = try s3.presignedDownloadURL(
            key: key, expires: .seconds(60), contentDisposition: "attachment; filename=\"x.txt\""
        )
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: url.absoluteString), timeout: .seconds(5))
        #expect(response.status == .ok)
        #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "presigned")
        #expect(response.headers.first(name: "content-disposition") == "attachment; filename=\"x.txt\"")

        let tampered = url.absoluteString.replacingOccurrences(of: "X-Amz-Expires=60", with: "X-Amz-Expires=6000")
        let refused = try await HTTPClient.shared.execute(HTTPClientRequest(url: tampered), timeout: .seconds(5))
        #expect(refused.status == .forbidden)
    }

    @Test func virtualHostStyleURLsPutTheBucketInTheHost() throws {
        var configuration = BlobBackend.s3Configuration()
        configuration.endpoint = URL(string: "https://s3.eu-west-1.amazonaws.com")!
        configuration.pathStyle = false
        #expect(
            configuration.url(forKey: "ab/c d+e").absoluteString
                == "https://dcn-test-blobs.s3.eu-west-1.amazonaws.com/ab/c%20d%2Be")
        configuration.pathStyle = true
        #expect(
            configuration.url(forKey: "ab").absoluteString == "https://s3.eu-west-1.amazonaws.com/dcn-test-blobs/ab")
    }

    @Test func listAnswersAreParsed() {
        let document: Substring = """
            <ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b</Key><Size>12</Size>\
            <LastModified>2026-11-23T01:02:03.000Z</LastModified></Contents><NextContinuationToken>tok&lt;1\
            </NextContinuationToken></ListBucketResult>
            """
        #expect(S3XML.value("Key", in: document) == "a&b")
        #expect(S3XML.value("NextContinuationToken", in: document) == "tok<1")
        #expect(S3BlobStore.parseISODate("2026-11-23T01:02:03.000Z") == Date(timeIntervalSince1970: 1_795_395_723))
        let parsed = S3BlobStore.parseContentRange("bytes 10-19/200")
        #expect(parsed?.0 == 10...19)
        #expect(parsed?.1 == 200)
    }
}
