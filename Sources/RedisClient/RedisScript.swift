import Crypto

/// A Lua script run by `EVALSHA`, sent whole with `EVAL` only when the server does not have it cached yet.
public struct RedisScript: Sendable {
    public let source: String
    /// The SHA-1 Redis uses to name the script.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension RedisClient {
    /// Runs the script by its SHA-1, falling back to `EVAL` (which also caches it) after a `NOSCRIPT` reply.
    @discardableResult
    public func run(
        _ script: RedisScript,
        keys: [String] = [],
        arguments: [any RESPArgumentConvertible] = []
    ) async throws -> RESPValue {
        let tail: [any RESPArgumentConvertible] = [keys.count] + keys + arguments
        do {
            return try await send(RedisCommand("EVALSHA", [script.sha1] + tail))
        } catch let error as RedisError where error.serverCode == "NOSCRIPT" {
            return try await send(RedisCommand("EVAL", [script.source] + tail))
        }
    }
}
