import NIOCore
import Testing

@testable import FileServer

/// The upload parser on bodies split at every possible point, and on the ways clients get multipart wrong.
@Suite struct MultipartParserTests {
    static let boundary = "----dcnBoundary7MA4YWxkTrZu0gW"

    static func body(fileBytes: [UInt8], filename: String = "cat.png") -> [UInt8] {
        var text = "preamble to ignore\r\n--\(boundary)\r\n"
        text += "Content-Disposition: form-data; name=\"comment\"\r\n\r\nhello\r\n"
        text += "--\(boundary)\r\n"
        text += "Content-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        text += "Content-Type: image/png\r\n\r\n"
        return Array(text.utf8) + fileBytes + Array("\r\n--\(boundary)--\r\nepilogue".utf8)
    }

    struct Parsed: Equatable {
        var names: [String?] = []
        var filenames: [String?] = []
        var bodies: [[UInt8]] = []
        var ended = false
    }

    static func parse(_ bytes: [UInt8], splitAt cuts: [Int]) throws -> Parsed {
        var parser = try MultipartParser(boundary: boundary)
        var parsed = Parsed()
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            for event in try parser.feed(ByteBuffer(bytes: bytes[start..<end])) {
                switch event {
                case .partStart(let headers):
                    parsed.names.append(headers.name)
                    parsed.filenames.append(headers.filename)
                    parsed.bodies.append([])
                case .body(let chunk):
                    parsed.bodies[parsed.bodies.count - 1] += Array(chunk.readableBytesView)
                case .partEnd: break
                case .end: parsed.ended = true
                }
            }
            start = end
        }
        try parser.finish()
        return parsed
    }

    @Test func everySplitPointGivesTheSameParts() throws {
        // File bytes that contain near-misses of the delimiter.
        let file = Array("\r\n--\(Self.boundary.dropLast())X\r\n-\r\n--".utf8) + (0..<200).map { UInt8($0 % 256) }
        let bytes = Self.body(fileBytes: file)
        let expected = Parsed(
            names: ["comment", "file"], filenames: [nil, "cat.png"], bodies: [Array("hello".utf8), file], ended: true
        )
        #expect(try Self.parse(bytes, splitAt: []) == expected)
        for cut in 0...bytes.count {
            #expect(try Self.parse(bytes, splitAt: [cut]) == expected, "split at \(cut)")
        }
        #expect(try Self.parse(bytes, splitAt: Array(0...bytes.count)) == expected, "one byte at a time")
    }

    @Test func aBodyWithoutItsClosingDelimiterIsTruncated() throws {
        let bytes = Self.body(fileBytes: Array(repeating: 7, count: 100))
        #expect(throws: MultipartError.truncated) { try Self.parse(Array(bytes.prefix(bytes.count - 20)), splitAt: []) }
    }

    @Test func oversizedHeadersAndMissingBoundariesAreRefused() throws {
        var parser = try MultipartParser(boundary: "b", maximumHeaderBytes: 64)
        let long =
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(String(repeating: "a", count: 100))\"\r\n\r\n"
        #expect(throws: MultipartError.headersTooLarge(64)) { _ = try parser.feed(ByteBuffer(string: long)) }
        var wrong = try MultipartParser(boundary: "b", maximumHeaderBytes: 64)
        #expect(throws: MultipartError.missingBoundary) {
            _ = try wrong.feed(ByteBuffer(string: String(repeating: "x", count: 200)))
        }
        #expect(throws: MultipartError.invalidBoundary) { _ = try MultipartParser(boundary: "") }
    }

    @Test func boundariesAndFileNamesParseAsBrowsersAndCurlSendThem() throws {
        #expect(try MultipartParser.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartParser.boundary(contentType: "Multipart/Form-Data; charset=x; boundary=\"a b\"") == "a b")
        #expect(throws: MultipartError.invalidBoundary) { try MultipartParser.boundary(contentType: "image/png") }
        #expect(throws: MultipartError.invalidBoundary) {
            try MultipartParser.boundary(contentType: "multipart/form-data")
        }

        func headers(_ disposition: String) throws -> MultipartPartHeaders {
            try MultipartPartHeaders(parsing: "Content-Disposition: \(disposition)\r\nContent-Type: image/png")
        }
        #expect(try headers("form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"").filename == "a \"b\".png")
        #expect(try headers("form-data; name=file; filename=plain.png").filename == "plain.png")
        #expect(
            try headers(
                "form-data; name=\"file\"; filename=\"fallback.png\"; filename*=UTF-8''na%C3%AFve%20%E2%9C%93.png"
            )
            .filename == "naïve ✓.png")
        #expect(try headers("form-data; name=\"file\"; filename=\"../../etc/passwd\"").filename == "../../etc/passwd")
        #expect(try headers("form-data; name=\"file\"").contentType == "image/png")
        #expect(throws: MultipartError.self) { try MultipartPartHeaders(parsing: "no colon here") }
    }
}
