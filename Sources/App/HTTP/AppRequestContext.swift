import Foundation
import HTTPSupport
import Hummingbird
import HummingbirdAuth
import Identity

/// Per-request data: the request id every log line of the request carries, the client's address (the peer, or
/// what a trusted proxy forwarded), and the caller a token proved on routes that authenticate. Request bodies and
/// answers are coded as `JSONCoding` says.
public struct AppRequestContext: ServiceRequestContext, AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var clientAddress: String
    public let peerAddress: String
    public var identity: Caller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.clientAddress = peerAddress
    }

    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}
