import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import RedisClient

@Suite struct EventLoopTaskExecutorTests {
    /// Pinned callers stay on the connection's event loop across awaits: the round trip needs no thread hop.
    @Test func pinnedCallersRunOnTheLoopBeforeAndAfterAReply() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
            try await Self.roundTrip(on: loop)
        }
    }

    static func roundTrip(on loop: any EventLoop) async throws {
        #expect(loop.inEventLoop)
        let client = RedisClient(
            configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)),
            eventLoopGroup: loop
        )
        try await client.ping()
        #expect(loop.inEventLoop)
        let replies = try await client.pipeline([RedisCommand("PING"), RedisCommand("ECHO", "x")])
        #expect(try replies[1].get().string == "x")
        #expect(loop.inEventLoop)
        await client.shutDown()
    }
}
