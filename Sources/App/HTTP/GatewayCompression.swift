import Gateway
import HummingbirdWSCompression
import HummingbirdWebSocket

/// permessage-deflate as the gateway negotiates it with clients that offer it: small windows (1 KiB) and a low
/// memory level with no context kept between messages, so a compressed socket holds a few kilobytes of zlib state
/// rather than the ~300 KiB of the defaults (browsers offer compression on every socket); a frame that inflates past
/// `gateway.max_frame_bytes` closes the socket before it is parsed.
func gatewayCompression(_ settings: GatewaySettings) -> WebSocketExtensionFactory {
    .perMessageDeflate(
        clientMaxWindow: 10, clientNoContextTakeover: true, serverMaxWindow: 10, serverNoContextTakeover: true,
        compressionLevel: 6, memoryLevel: 1, maxDecompressedFrameSize: settings.maxFrameBytes,
        minFrameSizeToCompress: 512)
}
