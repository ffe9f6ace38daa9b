import NIOCore

/// A text frame that many sockets write as it is, made once: its payload (for the WebSocket writer, which may
/// deflate it) and the whole frame as it goes on the wire — header and payload, unmasked as a server's frames are —
/// which the hub writes to sockets' channels as it is. ByteBuffer is copy-on-write: every socket writes the same
/// storage.
struct SharedFrame: Equatable, Sendable {
    let payload: ByteBuffer
    let wire: ByteBuffer

    init(payload: ByteBuffer) {
        self.payload = payload
        wire = Self.encode(payload)
    }

    /// RFC 6455 §5.2: FIN and the text opcode, then the payload length in 7 bits, or 126 and 16 bits, or 127 and
    /// 64 bits; no mask.
    static func encode(_ payload: ByteBuffer) -> ByteBuffer {
        let length = payload.readableBytes
        var wire = ByteBuffer()
        wire.reserveCapacity(length + 10)
        wire.writeInteger(UInt8(0x81))
        if length < 126 {
            wire.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            wire.writeInteger(UInt8(126))
            wire.writeInteger(UInt16(length))
        } else {
            wire.writeInteger(UInt8(127))
            wire.writeInteger(UInt64(length))
        }
        wire.writeImmutableBuffer(payload)
        return wire
    }
}
