import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Storage

/// The metadata backends every shared case runs against; each test gets an empty database of its own.
enum MetadataBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh database: a new SQLite file, or a new PostgreSQL database on the test server.
    func location() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            return .sqlite(path: TestEndpoints.temporaryDirectory("metadata") + "/metadata.sqlite")
        case .postgres:
            guard
                case .postgres(let host, let port, let user, let password, let database) = try DatabaseLocation(
                    url: TestEndpoints.postgresURL)
            else { throw StorageError.invalidConfiguration("DISCORDINATION_TEST_POSTGRES_URL is not postgres") }
            let name = "dcn_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
            try await MetadataStore.withStore(
                location: .postgres(
                    host: host, port: port, username: user, password: password, database: database), logger: logger
            ) { store in
                try await store.database.withConnection { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            }
            return .postgres(host: host, port: port, username: user, password: password, database: name)
        }
    }

    /// Runs `body` with a migrated store on a fresh database.
    func withStore<Result: Sendable>(_ body: (MetadataStore) async throws -> Result) async throws -> Result {
        try await MetadataStore.withStore(location: try await location(), logger: logger) { store in
            try await store.migrate()
            return try await body(store)
        }
    }
}

let logger = Logger(label: "storage-tests")
