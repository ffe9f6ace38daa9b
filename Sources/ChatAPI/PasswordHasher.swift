import CArgon2
import Foundation
import NIOPosix

/// Passwords are kept as argon2id hashes in the PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), with
/// OWASP's parameters (19 MiB, 2 passes, 1 lane). Hashing is deliberately slow and memory-hungry, so it runs on
/// NIO's blocking pool, never on Swift's cooperative pool.
public struct PasswordHasher: Sendable {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32

    public init(memoryKiB: UInt32 = 19 * 1024, iterations: UInt32 = 2, parallelism: UInt32 = 1) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    public enum Failure: Error, Equatable {
        case argon2(code: Int32)
    }

    /// The encoded hash of `password` with a fresh 16-byte salt.
    public func hash(_ password: String) async throws -> String {
        try await Self.offload { try hashNow(password) }
    }

    /// Whether `password` matches `encoded`; false for a malformed hash.
    public func verify(_ password: String, encoded: String) async -> Bool {
        (try? await Self.offload { Self.verifyNow(password, encoded: encoded) }) ?? false
    }

    func hashNow(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let passwordBytes = Array(password.utf8)
        let length = argon2_encodedlen(
            iterations, memoryKiB, parallelism, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let code = argon2id_hash_encoded(
            iterations, memoryKiB, parallelism, passwordBytes, passwordBytes.count, salt, salt.count, 32,
            &encoded, length)
        guard code == ARGON2_OK.rawValue else { throw Failure.argon2(code: code) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func verifyNow(_ password: String, encoded: String) -> Bool {
        let passwordBytes = Array(password.utf8)
        return argon2id_verify(encoded, passwordBytes, passwordBytes.count) == ARGON2_OK.rawValue
    }

    /// Runs `work` on NIO's blocking pool (one thread per core): a login never stalls the executor that serves
    /// other requests, and a burst of logins queues there instead of holding one hash's memory each at once.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
