import Logging
import Storage

/// What `serve` (and `cleanup --once`) does with its stores before it uses them: bring the metadata schema up to date
/// (unless `database.migrate` is off, in which case a schema behind this build stops start-up), and open the blob
/// store (creating the bucket when asked, clearing abandoned partial writes on disk).
public struct StoresStartUp {
    let configuration: AppConfiguration
    let metadata: MetadataStore
    let logger: Logger

    public init(configuration: AppConfiguration, metadata: MetadataStore, logger: Logger) {
        self.configuration = configuration
        self.metadata = metadata
        self.logger = logger
    }

    /// Returns the blob store it prepared.
    @discardableResult
    public func run() async throws -> any BlobStore {
        try await configuration.database.checkReachable(logger: logger)
        if configuration.migrateOnStart {
            let applied = try await metadata.migrate()
            if !applied.isEmpty {
                logger.notice("metadata schema migrated", metadata: ["versions": "\(applied)"])
            }
        } else {
            let status = try await metadata.schemaStatus()
            guard status.isCurrent else {
                throw StorageError.invalidConfiguration(
                    "the metadata schema lacks migrations \(status.pending.map(\.version)); run "
                        + "`discordination db migrate` or set database.migrate = true"
                )
            }
        }
        let status = try await metadata.schemaStatus()
        if !status.unknownVersions.isEmpty {
            logger.warning(
                "the metadata schema has migrations this build does not know (a newer build applied them)",
                metadata: ["versions": "\(status.unknownVersions)"]
            )
        }
        return try await configuration.blobStore.makeStore(logger: logger)
    }
}
