import Foundation
import Testing

@testable import GifProxy

/// Provider answers read into the one model: paging cursors at the ends, unusable results dropped, malformed JSON
/// refused with a reason that names no URL.
@Suite struct ProviderAnswerTests {
    func giphy(_ json: String, offset: Int = 0, limit: Int = 20) throws(GifProviderError) -> GifAnswer {
        try GiphyProvider.page(
            try ProviderClient.decode(GiphyAnswer.self, Array(json.utf8)), offset: offset, limit: limit)
    }

    static func giphyItem(_ id: String, url: String = "https://media.example/a.gif") -> String {
        #"{"id":"\#(id)","title":"t","url":"https://giphy.example/\#(id)","images":{"original":{"url":"\#(url)","width":"480","height":"270","size":"100","mp4":"https://media.example/a.mp4"},"fixed_width_still":{"url":"https://media.example/s.gif","width":"200","height":"113"}}}"#
    }

    @Test func giphyOffsetsPageUntilTheTotalOrGiphysCeiling() throws {
        let full = try giphy(
            #"{"data":[\#(Self.giphyItem("a")),\#(Self.giphyItem("b"))],"pagination":{"total_count":10,"count":2,"offset":4}}"#,
            offset: 4)
        #expect(full.next == "6")
        #expect(full.items.map(\.id) == ["a", "b"])
        #expect(
            full.items[0].formats["gif"]
                == GifMedia(url: "https://media.example/a.gif", width: 480, height: 270, size: 100))
        #expect(full.items[0].formats["mp4"]?.url == "https://media.example/a.mp4")
        #expect(full.items[0].formats["tinygifpreview"]?.width == 200)
        let last = try giphy(
            #"{"data":[\#(Self.giphyItem("a"))],"pagination":{"total_count":9,"count":1,"offset":8}}"#, offset: 8)
        #expect(last.next == "")
        let ceiling = try giphy(
            #"{"data":[\#(Self.giphyItem("a"))],"pagination":{"total_count":90000,"count":1,"offset":4999}}"#,
            offset: 4999)
        #expect(ceiling.next == "", "GIPHY refuses offsets past 4999")
    }

    @Test func unusableResultsAreDroppedAndAnAnswerOfNothingButThemIsMalformed() throws {
        let mixed = try giphy(
            #"{"data":[\#(Self.giphyItem("a")),\#(Self.giphyItem("b", url: "javascript:alert(1)"))]}"#)
        #expect(mixed.items.map(\.id) == ["a", "b"])
        #expect(mixed.items[1].formats["gif"] == nil, "the javascript: URL is gone, the MP4 stays")
        #expect(throws: GifProviderError.malformed("no result has a usable media URL")) {
            try giphy(#"{"data":[{"id":"x","images":{"original":{"url":"ftp://media.example/a.gif"}}}]}"#)
        }
        #expect(throws: GifProviderError.malformed("data is missing")) { try giphy(#"{"meta":{"status":200}}"#) }
        #expect(throws: GifProviderError.malformed("not JSON")) { try giphy("<html>") }
    }

    @Test func tenorPagesKeepTheOpaqueCursorAndTheLimit() throws {
        let json = #"""
            {"results":[
              {"id":"1","media_formats":{"gif":{"url":"https://media.example/1.gif","dims":[10,20],"duration":1.5,"size":9}}},
              {"id":"2","media_formats":{"gif":{"url":"https://media.example/2.gif"}}},
              {"id":"3","media_formats":{"gif":{"url":"https://media.example/3.gif"}}}
            ],"next":"CAgQ-opaque"}
            """#
        let page = try TenorProvider.page(try ProviderClient.decode(TenorAnswer.self, Array(json.utf8)), limit: 2)
        #expect(page.items.map(\.id) == ["1", "2"])
        #expect(page.next == "CAgQ-opaque")
        #expect(
            page.items[0].formats["gif"]
                == GifMedia(url: "https://media.example/1.gif", width: 10, height: 20, duration: 1.5, size: 9))
        #expect(throws: GifProviderError.self) {
            try ProviderClient.decode(TenorAnswer.self, Array(#"{"results":[{"id":1,"media_formats":{}}]}"#.utf8))
        }
    }
}
