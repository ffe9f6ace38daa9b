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

    /// A caller on one of the pool's loops gets a connection on that loop (opened there if need be), so its round
    /// trips stay on its thread; callers on another loop get another connection.
    @Test func callersGetAConnectionOnTheirOwnLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let client = RedisClient(
            configuration: RedisClientConfiguration(
                endpoint: try RedisEndpoint(url: TestEndpoints.redisURL), maximumConnections: 4),
            eventLoopGroup: group
        )
        func clientID(on loop: any EventLoop) async throws -> Int? {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
                let id = try await client.send("CLIENT", "ID").int
                #expect(loop.inEventLoop)
                return id
            }
        }
        let first = try await clientID(on: loops[0])
        let second = try await clientID(on: loops[1])
        #expect(first != nil && second != nil && first != second)
        for _ in 0..<5 {
            #expect(try await clientID(on: loops[0]) == first)
            #expect(try await clientID(on: loops[1]) == second)
        }
        await client.shutDown()
        try await group.shutdownGracefully()
    }
}
