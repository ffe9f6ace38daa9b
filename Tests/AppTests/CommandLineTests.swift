import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// The built `discordination` binary, run as an operator would.
@Suite(.serialized) struct CommandLineTests {
    static var binary: URL { TestEndpoints.builtProduct("discordination") }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let run = try await ToolRun.run(Self.binary.path, arguments, environment: environment)
        return Run(status: run.status, output: run.outputText, errors: run.errorText)
    }

    @Test func versionNamesTheLinkedLibraries() async throws {
        let result = try await run(["--version"])
        #expect(result.status == 0)
        #expect(result.output.contains("libvips 8."))
        #expect(result.output.contains("libavformat"))
    }

    @Test func configCheckPrintsEffectiveValuesWithSecretsMasked() async throws {
        let result = try await run(
            ["config", "check", "--set", "http.port=9999"],
            environment: ["DISCORDINATION_STORAGE_S3_SECRET_KEY": "hunter2"]
        )
        #expect(result.status == 0)
        #expect(result.output.contains("http.port = \"9999\"  # flag"))
        #expect(result.output.contains("storage.s3.secret_key = \"***\"  # environment"))
        #expect(!result.output.contains("hunter2"))
    }

    @Test func aBadValueExitsNonZeroNamingTheKey() async throws {
        let directory = TestEndpoints.temporaryDirectory("badconfig")
        try "[http]\nport = \"abc\"\n".write(toFile: directory + "/bad.toml", atomically: true, encoding: .utf8)
        for arguments in [
            ["serve", "--config", directory + "/bad.toml"], ["config", "check", "--config", directory + "/bad.toml"],
        ] {
            let result = try await run(arguments)
            #expect(result.status != 0)
            #expect(result.errors.split(separator: "\n").count == 1)
            #expect(result.errors.contains("http.port"))
            #expect(result.errors.contains("an integer"))
        }
    }

    @Test func serveAnswersReadyzAndStopsWithItsRedisChildOnSIGTERM() async throws {
        let dataDirectory = TestEndpoints.temporaryDirectory("serve")
        let port = TestEndpoints.freePort()
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--set", "http.port=\(port)", "--set", "storage.data_dir=\(dataDirectory)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        var ready = false
        let started = ContinuousClock.now
        while !ready && started.duration(to: .now) < .seconds(20) {
            try await Task.sleep(for: .milliseconds(100))
            ready = (try? await status(of: "http://127.0.0.1:\(port)/readyz")) == 200
        }
        #expect(ready, "serve answers /readyz with 200 on embedded defaults")
        let pidText = try String(contentsOfFile: dataDirectory + "/redis/redis.pid", encoding: .utf8)
        let redisPID = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(redisPID, 0) == 0)
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/metadata.sqlite"))

        // The queue commands reach the same private Redis; a probe job goes through the running worker.
        let data = ["--set", "storage.data_dir=\(dataDirectory)"]
        let ping = try await run(["queue", "ping"] + data)
        #expect(ping.status == 0, "\(ping.errors)")
        #expect(ping.output.hasPrefix("probe answered by "))
        let stats = try await run(["queue", "stats", "--json"] + data)
        #expect(stats.status == 0)
        #expect(stats.output.contains("\"queue\" : \"maintenance\""))
        #expect(stats.output.contains("\"pending\" : 0"))
        #expect(try await run(["queue", "dead", "list"] + data).output == "no dead jobs\n")
        #expect(try await run(["queue", "dead", "purge"] + data).status != 0, "purge wants --yes")

        let stopping = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning && stopping.duration(to: .now) < .seconds(5) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!process.isRunning, "serve stops within 5 s of SIGTERM")
        #expect(process.terminationStatus == 0)
        #expect(kill(redisPID, 0) != 0, "the redis child is gone too")
    }

    private func status(of url: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
        return Int(response.status.code)
    }
}
