import Foundation
import Storage
import TestSupport
import Testing

@testable import App

/// What `serve` does with its stores before taking requests.
@Suite struct StoresStartUpTests {
    func configuration(_ values: [String: String]) throws -> AppConfiguration {
        try AppConfiguration.testing(
            ["storage.data_dir": TestEndpoints.temporaryDirectory("startup"), "redis.url": TestEndpoints.redisURL]
                .merging(values) { _, new in new }
        )
    }

    @Test func migratesTheSchemaAndCreatesTheBucketWhenAsked() async throws {
        let bucket = "dcn-test-startup-\(UUID().uuidString.prefix(6).lowercased())"
        let configuration = try configuration([
            "storage.backend": "s3", "storage.s3.endpoint": TestEndpoints.s3Endpoint,
            "storage.s3.access_key": TestEndpoints.s3AccessKey, "storage.s3.secret_key": TestEndpoints.s3SecretKey,
            "storage.s3.bucket": bucket, "storage.s3.create_bucket": "true",
        ])
        guard case .s3(let s3) = configuration.blobs else { throw StorageError.invalidConfiguration("not s3") }
        await #expect(throws: StorageError.self) { try await S3BucketClient(configuration: s3).checkBucket() }
        try await MetadataStore.withStore(location: configuration.database, logger: .init(label: "test")) { store in
            try await StoresStartUp(configuration: configuration, metadata: store, logger: .init(label: "test")).run()
            #expect(try await store.schemaStatus().isCurrent)
        }
        try await S3BucketClient(configuration: s3).checkBucket()
    }

    @Test func aSchemaBehindStopsStartUpWhenMigrationIsLeftToOperators() async throws {
        let configuration = try configuration(["database.migrate": "false"])
        try await MetadataStore.withStore(location: configuration.database, logger: .init(label: "test")) { store in
            let error = await #expect(throws: StorageError.self) {
                try await StoresStartUp(configuration: configuration, metadata: store, logger: .init(label: "test"))
                    .run()
            }
            #expect(String(describing: error).contains("discordination db migrate"))
        }
    }
}
