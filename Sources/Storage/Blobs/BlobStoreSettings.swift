import AsyncHTTPClient
import Crypto
import Logging

/// Everything needed to open the blob store: where it is, and the `storage.*` options that shape it.
public struct BlobStoreSettings: Sendable {
    public var location: BlobLocation
    /// `storage.encryption_key`: blobs are encrypted at rest when set.
    public var encryptionKey: SymmetricKey?
    /// `storage.s3.create_bucket`: create the bucket at start-up when it is missing.
    public var createBucket: Bool
    /// `storage.s3.presign_downloads`: the file server redirects large downloads to presigned URLs.
    public var presignDownloads: Bool
    /// How long a presigned URL stays valid.
    public var presignExpiry: Duration
    /// `storage.s3.upload_memory_mib`: the part buffers all S3 uploads of the process may hold together; every
    /// store opened from these settings shares it.
    public var partBudget: MemoryBudget

    public init(
        location: BlobLocation,
        encryptionKey: SymmetricKey? = nil,
        createBucket: Bool = false,
        presignDownloads: Bool = false,
        presignExpiry: Duration = .seconds(900),
        partBudget: MemoryBudget = .uploadParts
    ) {
        self.partBudget = partBudget
        self.location = location
        self.encryptionKey = encryptionKey
        self.createBucket = createBucket
        self.presignDownloads = presignDownloads
        self.presignExpiry = presignExpiry
    }

    /// Opens the store: the disk directory (created, abandoned partial writes removed) or the bucket (created first
    /// when `createBucket`), wrapped in `EncryptedBlobStore` when a key is set.
    public func makeStore(
        httpClient: HTTPClient = S3BlobStore.sharedHTTPClient,
        logger: Logger
    ) async throws -> any BlobStore {
        switch location {
        case .disk(let root):
            let removed = try DiskBlobStore(root: root).removeAbandonedWrites()
            if removed > 0 { logger.info("removed abandoned partial writes", metadata: ["count": "\(removed)"]) }
        case .s3(let configuration):
            if createBucket {
                try await S3BucketClient(configuration: configuration, httpClient: httpClient).createBucket()
            }
        }
        return try openStore(httpClient: httpClient, logger: logger)
    }

    var s3Options: S3BlobStore.Options {
        var options = S3BlobStore.Options()
        options.partBudget = partBudget
        return options
    }

    /// The store as configured, without touching it (no bucket created, nothing cleared): what a process builds
    /// its routes on before start-up has prepared the store with `makeStore`.
    public func openStore(
        httpClient: HTTPClient = S3BlobStore.sharedHTTPClient,
        logger: Logger
    ) throws -> any BlobStore {
        let store: any BlobStore =
            switch location {
            case .disk(let root): try DiskBlobStore(root: root)
            case .s3(let configuration):
                S3BlobStore(configuration: configuration, options: s3Options, httpClient: httpClient, logger: logger)
            }
        guard let encryptionKey else { return store }
        return try EncryptedBlobStore(base: store, key: encryptionKey)
    }
}
