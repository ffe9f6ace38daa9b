import App
import ArgumentParser
import JobQueue

extension QueueCommand {
    /// `discordination queue dead list|retry|purge`.
    struct Dead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs that failed for good: list them, queue them again, or delete them.",
            subcommands: [List.self, Retry.self, Purge.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The newest dead jobs, with their last error.")

            @OptionGroup var options: ConfigurationOptions
            @Option(help: "Only this queue.") var queue: String?
            @Option(help: "At most this many per queue.") var limit = 50
            @Flag(help: "Print JSON instead of lines.") var json = false

            func run() async throws {
                let dead = try await QueueConnection(options).use { jobs in
                    try await jobs.deadJobs(in: queue.map(QueueName.init(rawValue:)), limit: limit)
                }
                print(json ? try QueueOutput.json(dead) : QueueOutput.lines(dead))
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue a dead job (by job id or dead-letter entry id), or all of them, as a first attempt.")

            @OptionGroup var options: ConfigurationOptions
            @Argument(help: "The job id or dead-letter entry id.") var id: String?
            @Flag(help: "Every dead job (of --queue, or of all queues).") var all = false
            @Option(help: "Only this queue.") var queue: String?

            func validate() throws {
                if (id != nil) == all { throw ValidationError("give either a job id or --all") }
            }

            func run() async throws {
                let queue = queue.map(QueueName.init(rawValue:))
                let message = try await QueueConnection(options).use { jobs in
                    if let id {
                        let job = try await jobs.retryDead(id, in: queue)
                        return "queued \(job.name) \(job.jobID) on \(job.queue) again"
                    }
                    return "queued \(try await jobs.retryAllDead(in: queue)) dead job(s) again"
                }
                print(message)
            }
        }

        struct Purge: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Delete dead jobs for good.")

            @OptionGroup var options: ConfigurationOptions
            @Option(help: "Only this queue.") var queue: String?
            @Flag(help: "Confirm: the jobs cannot be recovered.") var yes = false

            func validate() throws {
                if !yes { throw ValidationError("purging cannot be undone; add --yes to confirm") }
            }

            func run() async throws {
                let count = try await QueueConnection(options).use { jobs in
                    try await jobs.purgeDead(in: queue.map(QueueName.init(rawValue:)))
                }
                print("deleted \(count) dead job(s)")
            }
        }
    }
}
