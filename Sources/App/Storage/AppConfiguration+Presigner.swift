import FileServer
import Storage

extension AppConfiguration {
    /// The presigner for large originals when `storage.s3.presign_downloads` is on and the store is plain S3 (an
    /// encrypted store holds ciphertext, which a presigned URL would hand out as it is).
    func downloadPresigner(_ store: any BlobStore) -> (any DownloadPresigner)? {
        guard blobStore.presignDownloads, let s3 = store as? S3BlobStore else { return nil }
        return S3DownloadPresigner(store: s3, expiry: blobStore.presignExpiry)
    }
}
