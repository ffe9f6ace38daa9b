import Crypto
import Foundation
import HTTPSupport
import RedisClient
import Storage

/// Fetch results shared by every process through Redis: an embed's JSON or a proxied file's record, or the error a
/// URL gave, each under the hash of its URL with its own lifetime.
public struct LinkCache: Sendable {
    /// What is kept for a URL: a value or the error to answer with.
    public enum Entry<Value: Codable & Sendable>: Codable, Sendable {
        case value(Value)
        case error(LinkProxyError)
    }

    let redis: RedisClient
    /// `dcn:january:`
    let prefix: String
    /// What the routes served a moment ago (`storedForRoute`); the jobs always read Redis.
    let hot = HotAnswers()

    public init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    /// A URL's cache key part: its SHA-256, so any URL makes a short key.
    public static func digest(_ url: String) -> String {
        Hex.encode(SHA256.hash(data: Data(url.utf8)))
    }

    /// A kept answer as stored: `ok` and the value's JSON exactly as clients get it (so a hit is served without
    /// decoding anything), or `error` and the error's JSON.
    public enum Stored: Sendable {
        case value([UInt8])
        case error(LinkProxyError)
    }

    public func get<Value>(_ kind: String, url: String, as type: Value.Type = Value.self) async throws -> Entry<Value>?
    {
        switch try await getStored(kind, url: url) {
        case .value(let bytes)?: return (try? JSONDecoder().decode(Value.self, from: Data(bytes))).map(Entry.value)
        case .error(let error)?: return .error(error)
        case nil: return nil
        }
    }

    public func getStored(_ kind: String, url: String) async throws -> Stored? {
        try await redis.send("GET", key(kind, url)).bytes.flatMap(Self.stored)
    }

    /// `getStored` for answering requests: an answer this process served in the last moments (`HotAnswers`) is
    /// served again without asking Redis; one read from Redis is kept for the next asks, never past its expiry there.
    func storedForRoute(_ kind: String, url: String) async throws -> Stored? {
        let key = key(kind, url)
        if let stored = hot.stored(key) { return stored }
        let replies = try await redis.pipeline([RedisCommand("GET", key), RedisCommand("PTTL", key)])
        guard let bytes = try replies[0].get().bytes, let stored = Self.stored(bytes) else { return nil }
        if let remaining = try? replies[1].get().int, remaining > 0 {
            hot.keep(stored, as: key, expiresIn: .milliseconds(remaining))
        }
        return stored
    }

    private static func stored(_ bytes: [UInt8]) -> Stored? {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        let body = Array(bytes[(newline + 1)...])
        switch String(decoding: bytes[..<newline], as: UTF8.self) {
        case "ok": return .value(body)
        case "error": return (try? JSONDecoder().decode(LinkProxyError.self, from: Data(body))).map(Stored.error)
        default: return nil
        }
    }

    public func set<Value>(_ kind: String, url: String, _ entry: Entry<Value>, ttl: Duration) async throws {
        let bytes: [UInt8]
        switch entry {
        case .value(let value): bytes = Array("ok\n".utf8) + (try Self.encode(value))
        case .error(let error): bytes = Array("error\n".utf8) + (try Self.encode(error))
        }
        _ = try await redis.send("SET", key(kind, url), bytes, "PX", max(1, ttl.wholeMilliseconds))
    }

    /// JSON as the routes answer it (`JSONCoding`): keys sorted, slashes as they are.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        try JSONCoding.encode(value)
    }

    public func forget(_ kind: String, url: String) async throws {
        _ = try await redis.send("DEL", key(kind, url))
    }

    /// Keeps a value for `ttl` and an error for `negativeTTL`; a busy host's error is not kept.
    public func remember<Value>(
        _ entry: Entry<Value>, kind: String, url: String, ttl: Duration, negativeTTL: Duration
    ) async throws {
        switch entry {
        case .value: try await set(kind, url: url, entry, ttl: ttl)
        case .error(let error) where error.cacheable: try await set(kind, url: url, entry, ttl: negativeTTL)
        case .error: break
        }
    }

    func key(_ kind: String, _ url: String) -> String {
        "\(prefix)\(kind):\(Self.digest(url))"
    }
}
