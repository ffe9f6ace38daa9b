import HummingbirdCore
import Logging
import NIOCore

/// A server's connections start reading into 256-byte buffers instead of NIO's 2 KB, growing as reads fill them. A
/// channel keeps its read buffer between reads for as long as it lives, and an idle gateway socket (whose client
/// sends a `Ping` now and then) would otherwise hold 2 KB it never uses. Requests and uploads grow the buffer within
/// a few reads to the usual 64 KB.
struct SmallFirstReads<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        let reads = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 65536)
        return channel.setOption(ChannelOptions.recvAllocator, value: reads).flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
