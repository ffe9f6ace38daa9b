import Glibc
import Testing

@testable import App

/// The server accepts connections only up to what its open-file limit leaves after the files it needs itself.
@Suite struct ConnectionLimitTests {
    @Test func connectionsLeaveRoomForTheServersOwnFiles() {
        #expect(ConnectionLimit.connections(openFileLimit: 20_000) == 20_000 - ConnectionLimit.reserve)
        #expect(ConnectionLimit.connections(openFileLimit: 300) == 64, "a tiny limit still serves a few clients")
        #expect(ConnectionLimit.connections(openFileLimit: nil) == Int.max)
    }

    @Test func theLimitIsReadFromTheProcess() {
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        #expect(ConnectionLimit.current() == ConnectionLimit.connections(openFileLimit: Int(limit.rlim_cur)))
        #expect(ConnectionLimit.current() < Int(limit.rlim_cur), "below the open-file limit")
    }
}
