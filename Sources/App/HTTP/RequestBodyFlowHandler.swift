import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits behind the HTTP/1 codec and manages the flow of request bodies, which Hummingbird leaves alone:
/// - answers `Expect: 100-continue` with `100 Continue` as soon as the request head arrives, so clients that ask
///   first (curl does for bodies over 1 MB) send their upload at once instead of waiting a second for a reply;
/// - when a response says `Connection: close` while its request body is still arriving (an upload refused part
///   way, or before its body was read), closes the output after the response and the whole connection shortly
///   after, instead of reading and discarding the rest of a body nobody wants.
final class RequestBodyFlowHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a client may keep sending after the refusal before the connection is cut.
    let lingerTime: TimeAmount
    private var requestBodyArriving = false
    private var closeAfterResponse = false

    init(lingerTime: TimeAmount = .seconds(2)) {
        self.lingerTime = lingerTime
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var request):
            requestBodyArriving = true
            closeAfterResponse = false
            if request.headerFields[.expect]?.lowercased() == "100-continue" {
                request.headerFields[.expect] = nil
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
            context.fireChannelRead(wrapInboundOut(.head(request)))
        case .body:
            context.fireChannelRead(data)
        case .end:
            requestBodyArriving = false
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.kind != .informational:
            closeAfterResponse = response.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .end where closeAfterResponse && requestBodyArriving:
            context.write(data, promise: promise)
            context.flush()
            context.close(mode: .output, promise: nil)
            let channel = context.channel
            context.eventLoop.scheduleTask(in: lingerTime) { channel.close(promise: nil) }
        default:
            context.write(data, promise: promise)
        }
    }
}
