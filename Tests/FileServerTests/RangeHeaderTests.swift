import Storage
import Testing

@testable import FileServer

/// The request headers downloads honour: one byte range, and conditional requests on the content hash.
@Suite struct RangeHeaderTests {
    @Test(
        arguments: [
            ("bytes=0-99", BlobRange.bytes(0...99)),
            ("bytes=100-", .from(100)),
            ("bytes=-500", .suffix(500)),
            (" Bytes = 5 - 5 ", nil),
            ("bytes= 5-5", .bytes(5...5)),
        ] as [(String, BlobRange?)])
    func oneRangeIsParsed(header: String, expected: BlobRange?) {
        #expect(RangeHeader.parse(header) == expected)
    }

    @Test(
        arguments: [
            nil, "", "bytes=", "bytes=-", "bytes=9-3", "bytes=-0", "bytes=0-1,5-9", "items=0-9", "bytes=a-b",
            "bytes=99999999999999999999-", "bytes=--5",
        ] as [String?])
    func anythingElseMeansTheWholeFile(header: String?) {
        #expect(RangeHeader.parse(header) == nil)
    }

    @Test func contentRangesAndEntityTags() {
        #expect(RangeHeader.contentRange(10...19, size: 100) == "bytes 10-19/100")
        #expect(RangeHeader.contentRange(nil, size: 100) == "bytes */100")
        let tag = EntityTag.make(hash: "abc")
        #expect(tag == "\"abc\"")
        #expect(EntityTag.make(hash: "abc", variant: "thumb") == "\"abc-thumb\"")
        #expect(EntityTag.matches(ifNoneMatch: "\"abc\"", tag: tag))
        #expect(EntityTag.matches(ifNoneMatch: "\"x\", W/\"abc\"", tag: tag))
        #expect(EntityTag.matches(ifNoneMatch: "*", tag: tag))
        #expect(!EntityTag.matches(ifNoneMatch: "\"abcd\"", tag: tag))
        #expect(!EntityTag.matches(ifNoneMatch: nil, tag: tag))
    }
}
