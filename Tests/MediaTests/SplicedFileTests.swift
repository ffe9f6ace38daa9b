import Testing

@testable import Media

/// A spliced file reads back as its pieces in order, in slices no larger than asked, sharing the source's storage.
@Suite struct SplicedFileTests {
    @Test func piecesReadBackInOrderInBoundedSlices() {
        let source = (0..<100).map { UInt8($0) }
        var file = SplicedFile(source: source)
        file.keep(0..<10)
        file.keep(10..<20)
        file.write([200, 201, 202])
        file.keep(50..<90)
        file.keep(95..<95)
        #expect(file.pieces == [.kept(0..<20), .written([200, 201, 202]), .kept(50..<90)])
        #expect(file.count == 63)
        let expected = Array(source[0..<20]) + [200, 201, 202] + Array(source[50..<90])
        #expect(file.bytes == expected)
        let slices = file.slices(ofAtMost: 8)
        #expect(slices.allSatisfy { $0.count <= 8 && !$0.isEmpty })
        #expect(Array(slices.joined()) == expected)
        #expect(file.prefix(22) == Array(expected.prefix(22)))
        #expect(file.prefix(1000) == expected)
        #expect(SplicedFile(whole: [7, 8]).bytes == [7, 8])
        #expect(SplicedFile(whole: []).slices(ofAtMost: 4).isEmpty)
    }
}
