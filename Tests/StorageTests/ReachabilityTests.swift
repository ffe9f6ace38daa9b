import Foundation
import Logging
import TestSupport
import Testing

@testable import Storage

/// Against the real PostgreSQL and SeaweedFS (S3, signatures checked) from `Deploy/services.sh`.
@Suite struct ReachabilityTests {
    let logger = Logger(label: "test")

    func s3(secret: String = TestEndpoints.s3SecretKey, bucket: String) throws -> S3Configuration {
        S3Configuration(
            endpoint: try #require(URL(string: TestEndpoints.s3Endpoint)),
            region: TestEndpoints.s3Region,
            bucket: bucket,
            accessKey: TestEndpoints.s3AccessKey,
            secretKey: secret
        )
    }

    @Test func databaseURLsParse() throws {
        #expect(try DatabaseLocation(url: "sqlite:data/metadata.sqlite") == .sqlite(path: "data/metadata.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/d.sqlite") == .sqlite(path: "/var/lib/d.sqlite"))
        let postgres = try DatabaseLocation(url: "postgres://me:p%40ss@db.internal/media")
        #expect(
            postgres == .postgres(host: "db.internal", port: 5432, username: "me", password: "p@ss", database: "media"))
        #expect(!postgres.description.contains("p@ss"))
        #expect(throws: StorageError.self) { try DatabaseLocation(url: "mysql://x@y/z") }
        #expect(throws: StorageError.self) { try DatabaseLocation(url: "postgres://host-only/db") }
    }

    @Test func postgresAnswersWithRightCredentialsOnly() async throws {
        try await DatabaseLocation(url: TestEndpoints.postgresURL).checkReachable(logger: logger)
        guard
            case .postgres(let host, let port, let user, _, let database) = try DatabaseLocation(
                url: TestEndpoints.postgresURL)
        else { throw StorageError.invalidConfiguration("not postgres") }
        let wrong = DatabaseLocation.postgres(
            host: host, port: port, username: user, password: "wrong", database: database)
        await #expect(throws: StorageError.self) { try await wrong.checkReachable(logger: logger) }
        let closed = DatabaseLocation.postgres(
            host: "127.0.0.1", port: TestEndpoints.freePort(), username: user, password: nil, database: database
        )
        await #expect(throws: StorageError.self) { try await closed.checkReachable(logger: logger) }
    }

    @Test func sqliteFileIsCreatedAndQueried() async throws {
        let path = TestEndpoints.temporaryDirectory("sqlite") + "/nested/metadata.sqlite"
        try await DatabaseLocation.sqlite(path: path).checkReachable(logger: logger)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func s3BucketIsCreatedAndCheckedWithSignedRequests() async throws {
        let bucket = "dcn-test-\(UUID().uuidString.prefix(8).lowercased())"
        let configuration = try s3(bucket: bucket)
        let client = S3BucketClient(configuration: configuration)
        await #expect(throws: StorageError.missing("S3 bucket '\(bucket)' does not exist")) {
            try await client.checkBucket()
        }
        try await client.createBucket()
        try await client.checkBucket()
        try await BlobLocation.s3(configuration).checkReachable(logger: logger)
    }

    @Test func s3RefusesAWrongSecret() async throws {
        let good = S3BucketClient(configuration: try s3(bucket: "dcn-test-signing"))
        try await good.createBucket()
        let forged = S3BucketClient(configuration: try s3(secret: "not-the-secret", bucket: "dcn-test-signing"))
        let error = await #expect(throws: StorageError.self) { try await forged.checkBucket() }
        guard case .accessDenied = error else {
            Issue.record("a wrong secret must be refused by the server, got \(String(describing: error))")
            return
        }
    }

    @Test func diskLocationMustBeWritable() async throws {
        let root = TestEndpoints.temporaryDirectory("blobs") + "/blobs"
        try await BlobLocation.disk(root: root).checkReachable(logger: logger)
        let file = TestEndpoints.temporaryDirectory("notdir") + "/file"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        await #expect(throws: StorageError.self) {
            try await BlobLocation.disk(root: file + "/blobs").checkReachable(logger: logger)
        }
    }
}
