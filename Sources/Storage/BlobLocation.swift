import Foundation
import Logging

/// Where blobs are kept: a directory (embedded default) or an S3-compatible bucket.
public enum BlobLocation: Sendable, Equatable, CustomStringConvertible {
    case disk(root: String)
    case s3(S3Configuration)

    public var description: String {
        switch self {
        case .disk(let root): "disk:\(root)"
        case .s3(let configuration):
            "s3:\(configuration.endpoint.absoluteString)/\(configuration.bucket) (region \(configuration.region))"
        }
    }

    /// Checks the store can be used: the directory can be created and written; the bucket answers a signed HEAD.
    public func checkReachable(timeout: Duration = .seconds(3), logger: Logger) async throws {
        switch self {
        case .disk(let root):
            let probe = URL(fileURLWithPath: root).appendingPathComponent(".readyz-\(UUID().uuidString)")
            do {
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
                try Data("ok".utf8).write(to: probe)
                try FileManager.default.removeItem(at: probe)
            } catch {
                throw StorageError.unreachable("blob directory \(root) is not writable: \(error.localizedDescription)")
            }
        case .s3(let configuration):
            try await S3BucketClient(configuration: configuration).checkBucket(timeout: timeout)
        }
    }
}
