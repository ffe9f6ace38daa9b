import ChatAPI
import EventBus
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import RedisClient
import Storage
import TestSupport
import Testing

@testable import App

/// One chat service under test: its configuration on SQLite or PostgreSQL, with a namespace of its own in the test
/// Redis (queues, rate limits and the events stream do not mix between tests).
struct ChatFixture {
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite
        case postgres

        var description: String { rawValue }
    }

    let configuration: AppConfiguration
    let namespace: String

    static let logger = Logger.quiet("chat-tests")

    static func make(_ backend: Backend, _ overrides: [String: String] = [:]) async throws -> ChatFixture {
        let directory = TestEndpoints.temporaryDirectory("chat-\(backend)")
        let namespace = "c-\(UUID().uuidString.prefix(8).lowercased())"
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": namespace,
            "redis.key_prefix": namespace,
            "storage.data_dir": directory,
            "http.port": "0",
            "http.public_url": "http://chat.example",
            "log.level": "warning",
            "api.rate_limits": "false",
        ]
        if backend == .postgres { values["database.url"] = TestEndpoints.postgresURL }
        values.merge(overrides) { _, new in new }
        let fixture = ChatFixture(configuration: try AppConfiguration.testing(values), namespace: namespace)
        try await fixture.metadata { try await $0.migrate() }
        return fixture
    }

    /// An upload record as the file server would make it, for attachment tests that need a file in a given state.
    func upload(tag: String = "attachments", by uploaderID: String, deleted: Bool = false) async throws -> String {
        let id = "f" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let hash = UUID().uuidString
        try await metadata { store in
            _ = try await store.createFile(
                FileRecord(
                    id: id, tag: tag, filename: "a.png", contentType: "image/png", size: 10, hash: hash,
                    uploaderID: uploaderID, deleted: deleted, metadata: #"{"type":"Image","width":1,"height":1}"#),
                object: StoredObject(hash: hash, storageKey: "k/" + hash, size: 10, contentType: "image/png"))
        }
        return id
    }

    func file(_ id: String) async throws -> FileRecord? {
        try await metadata { try await $0.file(id: id) }
    }

    /// A second process of the same installation: the same Redis namespace and database, its own data directory.
    static func sharing(_ other: ChatFixture) async throws -> ChatFixture {
        var values = [
            "redis.url": TestEndpoints.redisURL,
            "jobs.namespace": other.namespace,
            "redis.key_prefix": other.namespace,
            "storage.data_dir": TestEndpoints.temporaryDirectory("chat-second"),
            "http.port": "0",
            "log.level": "warning",
            "api.rate_limits": "false",
        ]
        if case .sqlite(let path) = other.configuration.database { values["database.url"] = "sqlite:" + path }
        if case .postgres = other.configuration.database { values["database.url"] = TestEndpoints.postgresURL }
        return ChatFixture(configuration: try AppConfiguration.testing(values), namespace: other.namespace)
    }

    /// The events published so far in this fixture's namespace.
    func events() async throws -> [Event] {
        let redis = try Self.redis()
        defer { Task { await redis.shutDown() } }
        return try await EventReader(redis: redis, prefix: namespace).events(after: "0", count: 100_000).map(\.event)
    }

    /// Publishes `event` on this fixture's events stream, as the API does after a write; its stream id.
    func publish(_ event: Event) async throws -> String? {
        let redis = try Self.redis()
        let id = await EventBus(redis: redis, prefix: namespace, logger: Self.logger).publish(event)
        await redis.shutDown()
        return id
    }

    private static func redis() throws -> RedisClient {
        RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: TestEndpoints.redisURL)))
    }

    /// Runs `body` with the app's metadata store (a second connection to the same database).
    func metadata<Result: Sendable>(_ body: (MetadataStore) async throws -> Result) async throws -> Result {
        try await MetadataStore.withStore(location: configuration.database, logger: Self.logger, body)
    }
}

/// A JSON API client over the router test client: requests with a session token, answers decoded as JSON.
struct APIClient {
    let client: any TestClientProtocol
    var token: String?
    var bot = false

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var json: Any?

        subscript(key: String) -> Any? { (json as? [String: Any])?[key] }
        var type: String? { self["type"] as? String }
        var string: String {
            (try? JSONSerialization.data(withJSONObject: json ?? [:])).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    func request(
        _ method: HTTPRequest.Method, _ path: String, _ body: Any? = nil, headers extra: [String: String] = [:],
        raw: String? = nil
    ) async throws -> Answer {
        var headers = HTTPFields()
        if let token { headers[HTTPField.Name(bot ? "X-Bot-Token" : "X-Session-Token")!] = token }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        var buffer: ByteBuffer?
        if let raw {
            buffer = ByteBuffer(string: raw)
        } else if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        if buffer != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: "/api" + path, method: method, headers: headers, body: buffer)
        let bytes = Data(buffer: response.body)
        let json = bytes.isEmpty ? nil : try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        return Answer(status: response.status, headers: response.headers, json: json)
    }

    func get(_ path: String) async throws -> Answer { try await request(.get, path) }
    func post(_ path: String, _ body: Any? = nil, headers: [String: String] = [:]) async throws -> Answer {
        try await request(.post, path, body ?? [String: Any](), headers: headers)
    }
    func patch(_ path: String, _ body: Any) async throws -> Answer { try await request(.patch, path, body) }
    func put(_ path: String, _ body: Any? = nil) async throws -> Answer { try await request(.put, path, body) }
    func delete(_ path: String, _ body: Any? = nil) async throws -> Answer { try await request(.delete, path, body) }

    func with(token: String, bot: Bool = false) -> APIClient {
        APIClient(client: client, token: token, bot: bot)
    }

    /// Signs up, logs in and onboards a new user; its id and session token.
    func signUpForToken(_ name: String) async throws -> (userID: String, token: String) {
        let (user, id) = try await signUp(name)
        return (id, try #require(user.token))
    }

    /// Signs up, logs in and onboards a new user; the client acts as it.
    func signUp(_ name: String) async throws -> (client: APIClient, userID: String) {
        let email = "\(name)-\(UUID().uuidString.prefix(6))@example.com"
        let created = try await post("/auth/account/create", ["email": email, "password": "password \(name)"])
        #expect(created.status == .noContent, "\(created.string)")
        let login = try await post("/auth/session/login", ["email": email, "password": "password \(name)"])
        let token = try #require(login["token"] as? String, "\(login.string)")
        let user = with(token: token)
        let onboarded = try await user.post("/onboard/complete", ["username": name])
        let userID = try #require(onboarded["_id"] as? String, "\(onboarded.string)")
        return (user, userID)
    }
}
