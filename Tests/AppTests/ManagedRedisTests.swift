import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import App

/// The private redis-server child that `serve` starts when no Redis is configured.
@Suite struct ManagedRedisTests {
    @Test func readyzFollowsTheChildWhenItIsKilledAndRestarted() async throws {
        let dataDirectory = TestEndpoints.temporaryDirectory("managed")
        let configuration = try AppConfiguration.testing(["storage.data_dir": dataDirectory, "http.port": "0"])
        let app = try buildApplication(configuration)
        try await app.test(.live) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            #expect(FileManager.default.fileExists(atPath: dataDirectory + "/redis/appendonlydir"))
            let pidText = try String(contentsOfFile: dataDirectory + "/redis/redis.pid", encoding: .utf8)
            let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(kill(pid, SIGKILL) == 0)

            let killedAt = ContinuousClock.now
            var sawRedisDown = false
            while killedAt.duration(to: .now) < .seconds(2) && !sawRedisDown {
                try await client.execute(uri: "/readyz", method: .get) { response in
                    if response.status == .serviceUnavailable {
                        let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                        sawRedisDown = report.checks["redis"] != "ok"
                    }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sawRedisDown, "/readyz must name Redis within 2 s of the child dying")

            var recovered = false
            while killedAt.duration(to: .now) < .seconds(15) && !recovered {
                try await Task.sleep(for: .milliseconds(200))
                try await client.execute(uri: "/readyz", method: .get) { recovered = $0.status == .ok }
            }
            #expect(recovered, "the child is restarted and /readyz answers 200 again")
        }
    }

    @Test func aMissingRedisServerSaysWhichPackageToInstall() throws {
        let configuration = try AppConfiguration.testing([
            "storage.data_dir": TestEndpoints.temporaryDirectory("missing"),
            "redis.server_binary": "redis-server-that-does-not-exist",
        ])
        let error = #expect(throws: ManagedRedisServer.NotInstalled.self) { try buildApplication(configuration) }
        #expect(error?.description.contains("apt-get install redis-server") == true)
    }
}
