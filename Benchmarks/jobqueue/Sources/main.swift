import Foundation
import JobQueue
import Logging
import NIOPosix
import RedisClient
import ServiceLifecycle
import Synchronization

// End-to-end no-op jobs (enqueue → run → ack) through JobQueue.
//   JobQueueBenchmark drive URL WORKERS JOBS CONCURRENCY MODE   spawns WORKERS worker processes, prints figures
//   JobQueueBenchmark worker URL NAMESPACE CONCURRENCY MODE     one worker process (spawned by drive)
// MODE "default" runs as the services do: NIO's event loops installed as Swift's global executor
// (GlobalExecutor.useEventLoops), so tasks resume on their connection's loop; "swift-pool" keeps Swift's own pool
// (every round trip crosses threads twice); "pinned" runs the worker's loops and jobs on one loop of its own.

/// The job: nothing, except that measured runs note how long they waited between enqueue and start.
struct NoopJob: JobParameters {
    static let jobName = "bench.noop"
    static let queue: QueueName = "bench"
    var measure: Bool
}

func worker(url: String, namespace: String, concurrency: Int, pinned: Bool) async throws {
    var mask = sigset_t()
    sigemptyset(&mask)
    sigprocmask(SIG_SETMASK, &mask, nil)
    let waits = Mutex<[Int64]>([])
    var logger = Logger(label: "bench-worker")
    logger.logLevel = .warning
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let redis = RedisClient(
        configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: url)),
        eventLoopGroup: pinned ? loop : MultiThreadedEventLoopGroup.singleton)
    var registry = JobRegistry()
    registry.register(NoopJob.self) { job, context in
        if job.measure {
            let waited = WallClock.nowMicroseconds() - context.queuedAt
            waits.withLock { $0.append(waited) }
        }
        return NoOutput()
    }
    let worker = JobWorker(
        jobs: JobQueue(redis: redis, namespace: namespace, logger: logger), registry: registry,
        configuration: JobWorkerConfiguration(concurrency: concurrency), middleware: [JobMetricsMiddleware()],
        executor: pinned ? EventLoopTaskExecutor(loop) : nil, logger: logger)
    let group = ServiceGroup(
        configuration: .init(services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm], logger: logger))
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    try await group.run()
    let line = "waits " + waits.withLock { $0.map(String.init).joined(separator: ",") } + "\n"
    FileHandle.standardOutput.write(Data(line.utf8))
    await redis.shutDown()
}

/// Resident memory of a process, in MiB, from /proc.
func residentMiB(_ pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return 0 }
    return kilobytes / 1024
}

func drive(url: String, workers: Int, count: Int, concurrency: Int, mode: String) async throws {
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let namespace = "bench\(getpid())w\(workers)"
    let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: url)))
    let jobs = JobQueue(redis: redis, namespace: namespace, logger: logger)
    let stream = jobs.keys.stream(NoopJob.queue)

    var processes: [(Process, Pipe)] = []
    for _ in 0..<workers {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["worker", url, namespace, String(concurrency), mode]
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData  // "ready"
        processes.append((process, output))
    }
    func drained(_ total: Int) async throws -> Bool {
        guard let group = try await redis.xinfoGroups(stream).first else { return false }
        return group.pending == 0 && group.lag == 0 && (group.entriesRead ?? 0) >= total
    }
    try await redis.xgroupCreate(stream, group: jobs.keys.group)

    // Throughput: enqueue everything in pipelined batches of 500 from 4 concurrent callers while workers run.
    let clock = ContinuousClock()
    let start = clock.now
    let batch = Array(repeating: NoopJob(measure: false), count: 500)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for caller in 0..<4 {
            group.addTask {
                for _ in stride(from: caller * 500, to: count, by: 2000) {
                    try await jobs.enqueue(batch: batch)
                }
            }
        }
        try await group.waitForAll()
    }
    let enqueued = clock.now - start
    let total = (count + 1999) / 2000 * 2000
    while try await !drained(total) { try await Task.sleep(for: .milliseconds(2)) }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let enqueueSeconds = Double(enqueued.components.seconds) + Double(enqueued.components.attoseconds) / 1e18

    // Latency, not backlogged: 2000 single enqueues at 1000 per second.
    for _ in 0..<2000 {
        try await jobs.enqueue(NoopJob(measure: true))
        try await Task.sleep(for: .milliseconds(1))
    }
    while try await !drained(total + 2000) { try await Task.sleep(for: .milliseconds(2)) }
    let memory = processes.map { residentMiB($0.0.processIdentifier) }

    var waits: [Int64] = []
    for (process, output) in processes {
        kill(process.processIdentifier, SIGTERM)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("waits ") }) {
            waits += line.dropFirst(6).split(separator: ",").compactMap { Int64($0) }
        }
    }
    waits.sort()
    func percentile(_ p: Double) -> Double {
        guard !waits.isEmpty else { return .nan }
        return Double(waits[min(waits.count - 1, Int(Double(waits.count) * p))]) / 1000
    }
    print(
        String(
            format: "jobs_per_second=%.0f enqueue_per_second=%.0f p50_ms=%.2f p99_ms=%.2f rss_mib=%@ samples=%d",
            Double(total) / seconds, Double(total) / enqueueSeconds, percentile(0.5), percentile(0.99),
            memory.map { String(format: "%.1f", $0) }.joined(separator: "/"), waits.count))
    for key in [stream, jobs.keys.events] { _ = try? await redis.send("DEL", key) }
    await redis.shutDown()
}

let arguments = CommandLine.arguments
if arguments.last != "swift-pool" { GlobalExecutor.useEventLoops() }
switch arguments.dropFirst().first {
case "worker" where arguments.count == 6:
    try await worker(
        url: arguments[2], namespace: arguments[3], concurrency: Int(arguments[4]) ?? 100,
        pinned: arguments[5] == "pinned")
case "drive" where arguments.count == 7:
    try await drive(
        url: arguments[2], workers: Int(arguments[3]) ?? 1, count: Int(arguments[4]) ?? 200_000,
        concurrency: Int(arguments[5]) ?? 100, mode: arguments[6])
default:
    FileHandle.standardError.write(
        Data("usage: JobQueueBenchmark drive URL WORKERS JOBS CONCURRENCY default|swift-pool|pinned\n".utf8))
    exit(2)
}
