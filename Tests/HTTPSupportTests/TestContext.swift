import HTTPSupport
import Hummingbird

/// The smallest context the shared middleware runs with.
struct TestContext: ServiceRequestContext {
    var coreContext: CoreRequestContextStorage
    var requestID = "test-request"
    var clientAddress: String
    let peerAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        clientAddress = peerAddress
    }
}
