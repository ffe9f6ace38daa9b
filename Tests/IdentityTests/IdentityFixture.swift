import Foundation
import HTTPSupport
import Hummingbird
import HummingbirdAuth
import Identity
import Logging
import Storage
import TestSupport

/// A context with an identity, as the application's is.
struct TestContext: IdentityRequestContext {
    var coreContext: CoreRequestContextStorage
    var requestID = "identity-test"
    var clientAddress = "unknown"
    let peerAddress = "unknown"
    var identity: Caller?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// Runs `body` with a migrated SQLite metadata store of its own.
func withSessions<Result: Sendable>(_ body: (Sessions, MetadataStore) async throws -> Result) async throws -> Result {
    let directory = TestEndpoints.temporaryDirectory("identity")
    let location = try DatabaseLocation(url: "sqlite:\(directory)/metadata.sqlite")
    return try await MetadataStore.withStore(location: location, logger: Logger(label: "identity-test")) { store in
        try await store.migrate()
        return try await body(Sessions(metadata: store), store)
    }
}
