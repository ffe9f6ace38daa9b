import Testing

@testable import FileServer

@Suite struct FileMetadataJSONTests {
    @Test func theThumbHashIsAddedOnceKeepingTheFieldsInOrder() {
        let image = #"{"type":"Image","width":400,"height":600,"animated":false}"#
        let added = FileMetadataJSON.adding(thumbhash: [1, 2, 3], to: image)
        #expect(added == #"{"type":"Image","width":400,"height":600,"animated":false,"thumbhash":"AQID"}"#)
        #expect(FileMetadataJSON.adding(thumbhash: [9], to: added) == added)
        #expect(FileMetadataJSON.adding(thumbhash: [9], to: "{}") == #"{"thumbhash":"CQ=="}"#)
        #expect(FileMetadataJSON.adding(thumbhash: [9], to: "not json") == "not json")
    }
}
