import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Bucket-level S3 calls: whether the bucket is reachable with these credentials, and creating it.
public struct S3BucketClient: Sendable {
    public let configuration: S3Configuration
    private let httpClient: HTTPClient
    private let signer: SigV4Signer

    public init(configuration: S3Configuration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.signer = SigV4Signer(
            accessKey: configuration.accessKey,
            secretKey: configuration.secretKey,
            region: configuration.region
        )
    }

    /// `HEAD /bucket`: succeeds when the bucket exists and the credentials may use it.
    public func checkBucket(timeout: Duration = .seconds(5)) async throws {
        let status = try await send(method: .HEAD, timeout: timeout)
        switch status {
        case 200..<300: return
        case 403: throw StorageError.accessDenied("S3 refused the credentials for bucket '\(configuration.bucket)'")
        case 404: throw StorageError.missing("S3 bucket '\(configuration.bucket)' does not exist")
        default: throw StorageError.unreachable("S3 answered \(status) for bucket '\(configuration.bucket)'")
        }
    }

    /// `PUT /bucket`: creates the bucket; one that already exists and is ours is fine.
    public func createBucket(timeout: Duration = .seconds(10)) async throws {
        let status = try await send(method: .PUT, timeout: timeout)
        switch status {
        case 200..<300, 409: return
        case 403: throw StorageError.accessDenied("S3 refused to create bucket '\(configuration.bucket)'")
        default: throw StorageError.unreachable("S3 answered \(status) creating bucket '\(configuration.bucket)'")
        }
    }

    /// `DELETE /bucket`: removes the (empty) bucket; one that does not exist is fine.
    public func deleteBucket(timeout: Duration = .seconds(10)) async throws {
        let status = try await send(method: .DELETE, timeout: timeout)
        switch status {
        case 200..<300, 404: return
        case 403: throw StorageError.accessDenied("S3 refused to delete bucket '\(configuration.bucket)'")
        case 409: throw StorageError.conflict("S3 bucket '\(configuration.bucket)' is not empty")
        default: throw StorageError.unreachable("S3 answered \(status) deleting bucket '\(configuration.bucket)'")
        }
    }

    private func send(method: HTTPMethod, timeout: Duration) async throws -> UInt {
        let url = configuration.url(forKey: "")
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in signer.signedHeaders(method: method.rawValue, url: url) {
            request.headers.add(name: name, value: value)
        }
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            _ = try await response.body.collect(upTo: 1 << 20)
            return response.status.code
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.unreachable("S3 endpoint \(configuration.endpoint.absoluteString): \(error)")
        }
    }
}
