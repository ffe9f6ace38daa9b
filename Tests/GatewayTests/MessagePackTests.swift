import ChatAPI
import Testing

@testable import Gateway

/// MessagePack against the specification's encodings, and round trips.
@Suite struct MessagePackTests {
    @Test func valuesEncodeAsTheSpecificationSays() {
        #expect(MessagePack.encode(.null) == [0xc0])
        #expect(MessagePack.encode(.bool(true)) == [0xc3])
        #expect(MessagePack.encode(.int(5)) == [0x05])
        #expect(MessagePack.encode(.int(-1)) == [0xff])
        #expect(MessagePack.encode(.int(200)) == [0xcc, 200])
        #expect(MessagePack.encode(.int(70_000)) == [0xce, 0x00, 0x01, 0x11, 0x70])
        #expect(MessagePack.encode(.int(-200)) == [0xd1, 0xff, 0x38])
        #expect(MessagePack.encode(.string("hi")) == [0xa2, 0x68, 0x69])
        #expect(MessagePack.encode(.array([.int(1), .int(2)])) == [0x92, 0x01, 0x02])
        #expect(
            MessagePack.encode(["type": "Ping"]) == [0x81, 0xa4] + Array("type".utf8) + [0xa4] + Array("Ping".utf8))
        #expect(MessagePack.encode(.double(1.5)) == [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])
        let long = String(repeating: "x", count: 40)
        #expect(MessagePack.encode(.string(long)).prefix(2) == [0xd9, 40])
    }

    @Test func whatIsEncodedDecodesToTheSameValue() throws {
        let value: JSONValue = [
            "type": "Ready", "users": [["_id": "01M9", "online": true, "badges": 4_503_599_627_370_495]],
            "numbers": [0, -33, 65_536, -2_147_483_649, .double(-0.25)], "nothing": .null,
            "text": .string(String(repeating: "é", count: 300)),
        ]
        #expect(try MessagePack.decode(MessagePack.encode(value)) == value)
    }

    @Test func malformedFramesAreRefusedWithoutWork() {
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode([0xdd, 0xff, 0xff, 0xff, 0xff]) }
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode([0xa5, 0x61]) }
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode([0x81, 0x01, 0x02]) }
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode([0xc1]) }
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode([0x01, 0x02]) }
        let deep = [UInt8](repeating: 0x91, count: 100) + [0x01]
        #expect(throws: MessagePack.Malformed.self) { try MessagePack.decode(deep) }
    }

    @Test func clientFramesReadTheSameInBothFormats() throws {
        let frame: JSONValue = ["type": "Authenticate", "token": "abc"]
        #expect(ClientMessage.decode(try MessagePack.decode(MessagePack.encode(frame))) == .authenticate(token: "abc"))
        #expect(ClientMessage.decode(["type": "Ping", "data": 3]) == .ping(data: "3"))
    }
}
