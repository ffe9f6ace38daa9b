import FileServer
import GifProxy
import Hummingbird

/// Per-request data: the request id every log line of the request carries, and the client's address.
public struct AppRequestContext: RequestContext, FileServerRequestContext, GifRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
