import Foundation
import Storage

/// Makes time-limited URLs that download an object straight from the store, so large originals skip this process.
public protocol DownloadPresigner: Sendable {
    func presignedURL(key: String, contentDisposition: String, contentType: String) throws -> URL
}

/// Presigned GETs of a plain (unencrypted) S3 store, valid for `expiry`.
public struct S3DownloadPresigner: DownloadPresigner {
    let store: S3BlobStore
    let expiry: Duration

    public init(store: S3BlobStore, expiry: Duration) {
        self.store = store
        self.expiry = expiry
    }

    public func presignedURL(key: String, contentDisposition: String, contentType: String) throws -> URL {
        try store.presignedDownloadURL(
            key: key, expires: expiry, contentDisposition: contentDisposition, contentType: contentType
        )
    }
}
