import Foundation
import RedisClient

/// A lease in Redis that one cleanup run holds at a time, across processes and machines. It expires after `ttl`
/// unless renewed, and the holder renews it every third of that while it runs, so a run that takes far longer
/// than the schedule's period still keeps others out, and a crashed holder frees it within `ttl`.
public struct CleanupLease: Sendable {
    public let redis: RedisClient
    public let key: String
    public let ttl: Duration

    public init(redis: RedisClient, namespace: String, ttl: Duration = .seconds(60)) {
        self.redis = redis
        self.key = "\(namespace):cleanup:lease"
        self.ttl = ttl
    }

    /// The lease was taken over or expired while a run held it (a renewal found another holder, or none got
    /// through for a whole `ttl`): the run was cancelled, since another may be running now.
    public struct Lost: Error, CustomStringConvertible {
        public var description: String { "the cleanup lease was lost; the run was stopped" }
    }

    /// Runs `body` holding the lease; nil without running it when another holder has the lease. The lease is
    /// renewed every third of `ttl` beside `body`; when it is lost, `body` is cancelled and `Lost` thrown.
    public func withLease<Result: Sendable>(
        _ body: @escaping @Sendable () async throws -> Result
    ) async throws
        -> Result?
    {
        let token = UUID().uuidString
        let reply = try await redis.send("SET", key, token, "NX", "PX", ttl.wholeMilliseconds)
        guard reply.string == "OK" else { return nil }
        do {
            let result = try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await keepRenewed(token: token)
                    return nil
                }
                group.addTask { try await body() }
                defer { group.cancelAll() }
                while let finished = try await group.next() {
                    if let result = finished { return result }
                }
                throw CancellationError()
            }
            _ = try? await redis.run(Self.release, keys: [key], arguments: [token])
            return result
        } catch {
            _ = try? await redis.run(Self.release, keys: [key], arguments: [token])
            throw error
        }
    }

    /// Renews the lease every third of `ttl` until cancelled; throws `Lost` when Redis says another holds it (or
    /// nobody does), or when no renewal got through for a whole `ttl`, after which it has expired.
    private func keepRenewed(token: String) async throws {
        var renewed = ContinuousClock.now
        while true {
            try await Task.sleep(for: ttl / 3)
            do {
                let reply = try await redis.run(Self.renew, keys: [key], arguments: [token, ttl.wholeMilliseconds])
                guard reply.int == 1 else { throw Lost() }
                renewed = .now
            } catch let error as Lost {
                throw error
            } catch {
                if renewed.duration(to: .now) >= ttl { throw Lost() }
            }
        }
    }

    /// Runs the cleaner's passes holding the lease; a report marked `skipped` (nothing done) when another run holds
    /// it.
    public func run(
        _ cleaner: Cleaner, passes: Set<CleanupPass>,
        progress: @escaping @Sendable (CleanupProgress) -> Void = { _ in }
    ) async throws -> CleanupReport {
        if let report = try await withLease({ await cleaner.run(passes: passes, progress: progress) }) {
            return report
        }
        cleaner.logger.notice("cleanup skipped: another run holds the lease")
        var skipped = CleanupReport(dryRun: cleaner.settings.dryRun)
        skipped.skipped = true
        return skipped
    }

    static let renew = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """
    )

    static let release = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
    )
}
