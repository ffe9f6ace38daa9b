import NIOCore
import Testing

@testable import RedisClient

@Suite struct RESPCodecTests {
    @Test func commandsAreArraysOfBulkStrings() {
        var buffer = ByteBuffer()
        RedisCommand("SET", "key", [UInt8]([0, 13, 10])).encode(into: &buffer)
        let expected = Array("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$3\r\n".utf8) + [0, 13, 10] + Array("\r\n".utf8)
        #expect(buffer.readableBytesView.elementsEqual(expected))

        var long = ByteBuffer()
        let value = [UInt8](repeating: 0x61, count: 1234)
        RedisCommand("SET", (0..<10).map { "k\($0)" as any RESPArgumentConvertible } + [value]).encode(into: &long)
        let header = Array("*12\r\n$3\r\nSET\r\n$2\r\nk0\r\n".utf8)
        #expect(long.readableBytesView.prefix(header.count).elementsEqual(header))
        let tail = Array("$1234\r\n".utf8) + value + Array("\r\n".utf8)
        #expect(long.readableBytesView.suffix(tail.count).elementsEqual(tail))
    }

    @Test func nestedRepliesDecodeAcrossPartialFeeds() throws {
        let reader = RESPReader()
        let wire = Array("*3\r\n+OK\r\n:-42\r\n*2\r\n$5\r\nhello\r\n$-1\r\n-ERR boom\r\n".utf8)
        var replies: [RESPValue] = []
        // Feed one byte at a time: the reader must wait for whole replies.
        for byte in wire {
            try [byte].withUnsafeBytes { try reader.feed($0) }
            while let reply = try reader.next() { replies.append(reply) }
        }
        #expect(
            replies == [
                .array([.simpleString("OK"), .integer(-42), .array([.bulkString(Array("hello".utf8)), .null])]),
                .error("ERR boom"),
            ]
        )
    }

    @Test func garbageIsAProtocolError() throws {
        let reader = RESPReader()
        try Array("?what\r\n".utf8).withUnsafeBytes { try reader.feed($0) }
        #expect(throws: RedisError.self) { try reader.next() }
    }

    @Test func endpointsParseAndMaskPasswords() throws {
        let tcp = try RedisEndpoint(url: "redis://user:s%40cret@cache.internal:6380/3")
        #expect(tcp.address == .tcp(host: "cache.internal", port: 6380))
        #expect(tcp.username == "user")
        #expect(tcp.password == "s@cret")
        #expect(tcp.database == 3)
        #expect(!tcp.description.contains("cret"))

        let unix = try RedisEndpoint(url: "unix:///var/run/redis.sock?db=2&password=pw")
        #expect(unix.address == .unixSocket(path: "/var/run/redis.sock"))
        #expect(unix.database == 2)
        #expect(unix.password == "pw")

        #expect(throws: RedisError.self) { try RedisEndpoint(url: "http://example.com") }
        #expect(throws: RedisError.self) { try RedisEndpoint(url: "redis://host/notanumber") }
        #expect(throws: RedisError.self) { try RedisEndpoint(url: "rediss://host") }
    }

    @Test func scriptsAreNamedBySHA1() {
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }
}
