import Foundation
import TestSupport
import Testing

/// 200 MiB through each kind of store and back, in a process of its own (the `StorageBenchmark` tool) so the memory
/// measured is the store's alone: the peak must stay far below the object's size.
@Suite(.serialized) struct StreamingMemoryTests {
    @Test(arguments: ["disk", "s3", "encrypted-s3"])
    func twoHundredMebibytesStreamInAndOutWithFlatMemory(backend: String) async throws {
        let run = try await ToolRun.run(
            TestEndpoints.builtProduct("StorageBenchmark").path,
            ["put", backend, "--bytes", String(200 << 20), "--get"],
            environment: [
                "DISCORDINATION_BENCH_DISK_ROOT": TestEndpoints.temporaryDirectory("stream"),
                "DISCORDINATION_BENCH_BUCKET": "dcn-test-stream",
            ]
        )
        let text = run.outputText
        #expect(run.status == 0, "\(text) \(run.errorText)")
        let fields = Dictionary(
            text.split(whereSeparator: \.isWhitespace).compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(fields["bytes"] == String(200 << 20))
        let peak = try #require(fields["peak_above_idle_mib"].flatMap(Int.init), "\(text)")
        #expect(peak < 64, "\(backend): \(peak) MiB above idle for a 200 MiB object")
        // The pattern the tool streams, read back whole: the bytes survived the round trip.
        #expect(fields["sha256"] == "8a1d95a18be4e6d5118b0b2fa526dcb67545e4378f76cd5e9ed53d6524dd8ab9")
    }
}
