import AsyncHTTPClient
import NIOCore
import NIOPosix

extension S3BlobStore {
    /// The HTTP client S3 stores use unless given one: a store that cannot be connected to fails each attempt
    /// within 3 s (the store's own retries then take over), and up to 32 connections per endpoint carry parallel
    /// parts and downloads.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(3)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
