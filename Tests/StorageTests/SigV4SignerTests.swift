import Foundation
import Testing

@testable import Storage

@Suite struct SigV4SignerTests {
    /// AWS's published example "GET Object" for Signature Version 4 (Amazon S3 API reference).
    @Test func matchesAWSPublishedExample() throws {
        let signer = SigV4Signer(
            accessKey: "AKIAIOSFODNN7EXAMPLE",
            secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            region: "us-east-1"
        )
        let date = try #require(ISO8601DateFormatter().date(from: "2013-05-24T00:00:00Z"))
        let headers = signer.signedHeaders(
            method: "GET",
            url: try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt")),
            headers: ["Range": "bytes=0-9"],
            payloadHash: SigV4Signer.emptyPayloadHash,
            date: date
        )
        #expect(
            headers["authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
        #expect(headers["x-amz-date"] == "20130524T000000Z")
    }

    @Test func encodesKeysOnceAndKeepsSlashes() throws {
        let configuration = S3Configuration(
            endpoint: try #require(URL(string: "http://127.0.0.1:9000")),
            region: "us-east-1",
            bucket: "media",
            accessKey: "a",
            secretKey: "b"
        )
        let url = configuration.url(forKey: "ab/cd/file name+ü.png")
        #expect(url.absoluteString == "http://127.0.0.1:9000/media/ab/cd/file%20name%2B%C3%BC.png")
        var virtualHost = configuration
        virtualHost.pathStyle = false
        #expect(virtualHost.url(forKey: "k").absoluteString == "http://media.127.0.0.1:9000/k")
        #expect(
            SigV4Signer.canonicalQuery(URL(string: "http://h/?prefix=a%20b&list-type=2")!) == "list-type=2&prefix=a%20b"
        )
    }
}
