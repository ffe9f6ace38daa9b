import Testing

@testable import Storage

/// The allocator settings the executables make at start: glibc takes both (`mallopt` answers 1).
@Suite struct MallocArenasTests {
    @Test func glibcTakesTheArenaCapAndTheMmapThreshold() {
        #expect(MallocArenas.limitToOnePerCore())
        #expect(LargeAllocations.returnToSystemWhenFreed())
    }
}
