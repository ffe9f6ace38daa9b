import App
import ArgumentParser
import Foundation
import JobQueue
import Logging
import RedisClient

/// `discordination queue …`: inspect and repair the job queues of a running deployment.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and repair the job queues.",
        subcommands: [Stats.self, Dead.self, Ping.self]
    )

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per queue: waiting, pending (running or abandoned), oldest pending age, delayed, dead.")

        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let stats = try await QueueConnection(options).use { jobs in
                var stats: [QueueStats] = []
                for queue in try await jobs.discoverQueues().sorted(by: { $0.rawValue < $1.rawValue }) {
                    stats.append(try await jobs.stats(queue))
                }
                return stats
            }
            if json {
                print(try QueueOutput.json(stats))
            } else {
                print(QueueOutput.table(stats))
            }
        }
    }

    struct Ping: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a probe job through the running service and wait for a worker to answer it.")

        @OptionGroup var options: ConfigurationOptions
        @Option(help: "How long to wait for the answer, in seconds.") var timeout: Double = 10

        func run() async throws {
            let started = ContinuousClock.now
            let report = try await QueueConnection(options).use { jobs in
                try await jobs.enqueueAndWait(
                    QueueProbe(), as: QueueProbeReport.self, timeout: .milliseconds(Int(timeout * 1000)))
            }
            let roundTrip = ContinuousClock.now - started
            print(
                "probe answered by \(report.worker): waited \(QueueOutput.milliseconds(report.waitedMicroseconds)) "
                    + "in the queue, \(QueueOutput.milliseconds(roundTrip.wholeMicroseconds)) round trip")
        }
    }
}

/// A Redis client and job queue for one command, closed afterwards; failures print one line and exit 1.
struct QueueConnection {
    let configuration: AppConfiguration

    init(_ options: ConfigurationOptions) throws {
        configuration = try options.load()
    }

    func use<T>(_ body: (JobQueue) async throws -> T) async throws -> T {
        var logger = Logger(label: "discordination")
        logger.logLevel = .critical
        let redis = configuration.makeRedisClient(logger: logger)
        let jobs = JobQueue(redis: redis, namespace: configuration.jobsNamespace, logger: logger)
        do {
            let result = try await body(jobs)
            await redis.shutDown()
            return result
        } catch {
            await redis.shutDown()
            printError("\(error) (Redis at \(configuration.redisEndpoint))")
            throw ExitCode(1)
        }
    }
}
