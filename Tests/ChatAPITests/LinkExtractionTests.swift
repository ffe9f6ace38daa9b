import Testing

@testable import ChatAPI

@Suite struct LinkExtractionTests {
    @Test func linksAreTakenAsRevoltTakesThem() {
        let content = """
            see https://a.example/one, and (https://b.example/two) or https://a.example/one#again
            <https://hidden.example/wrapped> `https://code.example/inline`
            > https://quote.example/line
            ```
            https://fence.example/block
            ```
            http://plain.example/x?y=1.
            """
        #expect(
            LinkExtraction.urls(in: content) == [
                "https://a.example/one", "https://b.example/two", "http://plain.example/x?y=1",
            ])
    }

    @Test func atMostFive() {
        let content = (1...8).map { "https://site\($0).example/" }.joined(separator: " ")
        #expect(LinkExtraction.urls(in: content).count == 5)
        #expect(LinkExtraction.urls(in: "no links, just httpfoo and http://").isEmpty)
    }
}
