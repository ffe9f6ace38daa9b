import Foundation
import Testing

@testable import Media

@Suite struct MediaLibrariesTests {
    @Test func libvipsStartsAndReportsItsVersion() throws {
        try MediaLibraries.start()
        let parts = MediaLibraries.vipsVersion.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts[0] == 8)
    }

    @Test func libavformatReportsItsVersion() {
        let parts = MediaLibraries.avformatVersion.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts[0] >= 58)
        #expect(!MediaLibraries.ffmpegRelease.isEmpty)
    }

    @Test func libavErrorMacrosGoThroughTheShim() {
        let again = MediaLibraries.libavError(posix: EAGAIN)
        #expect(again == -EAGAIN)
        #expect(MediaLibraries.libavErrorDescription(again).lowercased().contains("temporarily unavailable"))
    }
}
