import Foundation

/// Endpoints of the real servers `Deploy/services.sh` starts, from the environment (`.services/env`) with the
/// script's loopback defaults. Tests that need a server fail when it does not answer; they never skip.
public enum TestEndpoints {
    static func value(_ name: String, _ fallback: String) -> String {
        ProcessInfo.processInfo.environment[name] ?? fallback
    }

    public static var redisURL: String { value("DISCORDINATION_TEST_REDIS_URL", "redis://127.0.0.1:16379/0") }
    public static var postgresURL: String {
        value(
            "DISCORDINATION_TEST_POSTGRES_URL",
            "postgres://discordination:discordination@127.0.0.1:15432/discordination")
    }
    public static var s3Endpoint: String { value("DISCORDINATION_TEST_S3_ENDPOINT", "http://127.0.0.1:18333") }
    public static var s3Region: String { value("DISCORDINATION_TEST_S3_REGION", "us-east-1") }
    public static var s3AccessKey: String { value("DISCORDINATION_TEST_S3_ACCESS_KEY", "dcn-test-access") }
    public static var s3SecretKey: String {
        value("DISCORDINATION_TEST_S3_SECRET_KEY", "dcn-test-secret-key-0123456789")
    }

    /// An executable this package builds (debug), such as `discordination` or `JobQueueTestWorker`: `swift test`
    /// runs from the package root, and the products sit in `.build/debug`.
    public static func builtProduct(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)")
    }

    /// A fresh directory under the system's temporary directory, short enough for unix sockets.
    public static func temporaryDirectory(_ prefix: String) -> String {
        let path = "/tmp/dcn-\(prefix)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A TCP port that was free a moment ago.
    public static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs `body`, then awaits `teardown` whether `body` threw or not: a test's servers and harnesses are stopped
/// before the test ends, not by a task left running after it (`defer` cannot await).
public func withTeardown<Result>(
    _ teardown: () async -> Void, body: () async throws -> Result
) async rethrows -> Result {
    do {
        let result = try await body()
        await teardown()
        return result
    } catch {
        await teardown()
        throw error
    }
}

/// Runs `body` until it stops throwing, every 50 ms for at most `limit`; then the last error is thrown. For waiting
/// on a server that is starting or coming back.
public func retrying(for limit: Duration = .seconds(10), _ body: () async throws -> Void) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            return try await body()
        } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
