/// One backend `/readyz` must reach: a name for the answer and a probe that throws when it is unreachable.
public struct ReadinessCheck: Sendable {
    public var name: String
    public var probe: @Sendable () async throws -> Void

    public init(name: String, probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.probe = probe
    }
}

/// The outcome of running every check at once, each bounded by a timeout.
struct ReadinessReport: Codable, Sendable {
    var status: String
    var checks: [String: String]

    var isReady: Bool { status == "ready" }

    static func run(_ checks: [ReadinessCheck], timeout: Duration) async -> ReadinessReport {
        let results = await withTaskGroup(of: (String, String).self) { group in
            for check in checks {
                group.addTask {
                    (check.name, await outcome(of: check, timeout: timeout))
                }
            }
            var results: [String: String] = [:]
            for await (name, result) in group { results[name] = result }
            return results
        }
        let ready = results.values.allSatisfy { $0 == "ok" }
        return ReadinessReport(status: ready ? "ready" : "unavailable", checks: results)
    }

    private static func outcome(of check: ReadinessCheck, timeout: Duration) async -> String {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await check.probe()
                    return "ok"
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next()!
            group.cancelAll()
            return first ?? "no answer within \(timeout)"
        }
    }
}
