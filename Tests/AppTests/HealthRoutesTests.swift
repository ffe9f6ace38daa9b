import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@testable import App

/// `/healthz`, `/readyz` and `/metrics` through the real router, with the real Redis, PostgreSQL and S3.
@Suite struct HealthRoutesTests {
    func productionConfiguration(_ overrides: [String: String] = [:]) throws -> AppConfiguration {
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "database.url": TestEndpoints.postgresURL,
            "storage.backend": "s3",
            "storage.s3.endpoint": TestEndpoints.s3Endpoint,
            "storage.s3.region": TestEndpoints.s3Region,
            "storage.s3.bucket": "dcn-test-readyz",
            "storage.s3.access_key": TestEndpoints.s3AccessKey,
            "storage.s3.secret_key": TestEndpoints.s3SecretKey,
            "storage.data_dir": TestEndpoints.temporaryDirectory("health"),
            "http.port": "0",
        ]
        values.merge(overrides) { _, new in new }
        return try AppConfiguration.testing(values)
    }

    @Test func healthzAnswersWhileTheProcessIsUp() async throws {
        let app = try buildApplication(try productionConfiguration())
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                #expect(response.headers[RequestLogMiddleware.header]?.count == 16)
            }
        }
    }

    @Test func readyzIsOKWhenRedisPostgresAndS3Answer() async throws {
        let configuration = try productionConfiguration()
        if case .s3(let s3) = configuration.blobs { try await S3BucketClient(configuration: s3).createBucket() }
        let app = try buildApplication(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.checks == ["redis": "ok", "database": "ok", "blobs": "ok"])
            }
        }
    }

    /// Start-up needs the database (it migrates it), so the database goes away after start: its directory is
    /// replaced by a file.
    @Test func readyzNamesEachBackendThatDoesNotAnswer() async throws {
        let directory = TestEndpoints.temporaryDirectory("vanishing-db") + "/db"
        let app = try buildApplication(
            try productionConfiguration([
                "database.url": "sqlite:\(directory)/metadata.sqlite",
                "storage.s3.secret_key": "wrong-secret",
            ])
        )
        try await app.test(.router) { client in
            try FileManager.default.removeItem(atPath: directory)
            FileManager.default.createFile(atPath: directory, contents: Data("not a directory".utf8))
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.status == "unavailable")
                #expect(report.checks["redis"] == "ok")
                #expect(report.checks["database"]?.contains("SQLite") == true)
                #expect(report.checks["blobs"]?.contains("access denied") == true)
            }
        }
    }

    @Test func metricsAreRenderedAsPrometheusText() async throws {
        let app = try buildApplication(try productionConfiguration())
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/healthz", method: .get) { _ in }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("hb_requests"))
                #expect(text.contains(#"http_route="/healthz""#))
            }
        }
    }

    @Test func requestIDsAreKeptWhenSaneAndReplacedOtherwise() async throws {
        let app = try buildApplication(try productionConfiguration())
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [RequestLogMiddleware.header: "abc-123"]) {
                #expect($0.headers[RequestLogMiddleware.header] == "abc-123")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [RequestLogMiddleware.header: "bad id\n"])
            {
                #expect($0.headers[RequestLogMiddleware.header] != "bad id\n")
                #expect($0.headers[RequestLogMiddleware.header]?.count == 16)
            }
        }
    }

    @Test func newRequestIDsAreSixteenHexDigitsAndDiffer() {
        let ids = (0..<1000).map { _ in RequestLogMiddleware.newID() }
        #expect(ids.allSatisfy { $0.utf8.count == 16 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        #expect(Set(ids).count == ids.count)
        // Leading zeros are kept: some of a thousand ids start with one.
        #expect(ids.contains { $0.hasPrefix("0") })
    }
}
