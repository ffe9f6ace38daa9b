import Foundation
import JobQueue
import JobQueueFixtures
import Logging
import RedisClient
import ServiceLifecycle

// A worker process for the multi-process tests: runs the fixture jobs until SIGTERM.
// Arguments: --redis URL --namespace NS [--concurrency N] [--visibility-ms N] [--grace-ms N]
//            [--cron EXPR --tick-token TOKEN]

// A parent that spawned this process may have had signals blocked; a worker must see SIGTERM.
var emptyMask = sigset_t()
sigemptyset(&emptyMask)
sigprocmask(SIG_SETMASK, &emptyMask, nil)

let options: [String: String] = {
    var options: [String: String] = [:]
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let name = arguments.next(), let value = arguments.next() {
        options[String(name.drop { $0 == "-" })] = value
    }
    return options
}()
let milliseconds = { (name: String, fallback: Int) -> Duration in
    .milliseconds(options[name].flatMap { Int($0) } ?? fallback)
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .notice
    return handler
}
let logger = Logger(label: "test-worker")
let redis = RedisClient(
    configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: options["redis"] ?? "")))
let jobs = JobQueue(redis: redis, namespace: options["namespace"] ?? "dcn-test", logger: logger)
let configuration = JobWorkerConfiguration(
    concurrency: options["concurrency"].flatMap { Int($0) } ?? 4,
    visibilityTimeout: milliseconds("visibility-ms", 30_000),
    shutdownGrace: milliseconds("grace-ms", 5_000),
    readBlock: .milliseconds(500)
)
var recurring: [RecurringJob] = []
if let cron = options["cron"], let token = options["tick-token"] {
    recurring.append(try RecurringJob("test-tick", schedule: CronSchedule(cron), parameters: TickJob(token: token)))
}
let worker = JobWorker(
    jobs: jobs,
    registry: Fixtures.registry(redis: redis, consumer: configuration.consumerName),
    recurring: recurring,
    configuration: configuration,
    logger: logger
)
let group = ServiceGroup(
    configuration: ServiceGroupConfiguration(
        services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
)
FileHandle.standardOutput.write(Data("ready \(configuration.consumerName)\n".utf8))
try await group.run()
await redis.shutDown()
